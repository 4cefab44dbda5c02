#include "common/hierarchy/organisation_directory.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "common/hierarchy/generated_hierarchy.h"
#include "tests/testing/plans_fixture.h"

namespace svcup {
namespace {

OrganisationDirectory Shipped() {
  return *OrganisationDirectory::LoadFile(testing::PlansSeedDir() + "/organisations.textproto");
}

TEST(OrganisationDirectory, ShipsTheWholeMinistryTree) {
  const OrganisationDirectory directory = Shipped();
  EXPECT_EQ(directory.root(), "moj");
  EXPECT_EQ(directory.tree().Children("moj"),
            (std::vector<std::string>{"corrections", "dpo-kinmen", "dpo-lienchiang",
                                      "enforcement", "high-prosecutors"}));
  EXPECT_EQ(directory.tree().Children("high-prosecutors").size(), 20u);
  EXPECT_EQ(directory.tree().Children("enforcement").size(), 13u);
  EXPECT_EQ(directory.tree().Children("corrections").size(), 49u);
  int district_offices = 0;
  for (const std::string& code : directory.codes()) {
    if (directory.Kind(code) == v1::ORGANISATION_KIND_DISTRICT_PROSECUTORS_OFFICE) {
      ++district_offices;
    }
  }
  EXPECT_EQ(district_offices, 22);
}

TEST(OrganisationDirectory, NamesFollowTheirValidityDates) {
  const OrganisationDirectory directory = Shipped();
  EXPECT_EQ(directory.NameOn("dpo-taipei", absl::CivilDay(2018, 2, 1)).zh_tw(),
            "臺灣臺北地方法院檢察署");
  EXPECT_EQ(directory.NameOn("dpo-taipei", absl::CivilDay(2018, 5, 24)).zh_tw(),
            "臺灣臺北地方法院檢察署");
  EXPECT_EQ(directory.NameOn("dpo-taipei", absl::CivilDay(2018, 5, 25)).zh_tw(),
            "臺灣臺北地方檢察署");
  EXPECT_EQ(directory.NameOn("high-prosecutors", absl::CivilDay(2019, 1, 20)).zh_tw(),
            "臺灣高等檢察署");
  EXPECT_EQ(directory.View("dpo-kinmen", absl::CivilDay(2018, 1, 1)).display_name().en(),
            "Fuchien Kinmen District Prosecutors Office");
}

TEST(OrganisationDirectory, RefusesBrokenData) {
  v1::OrganisationDirectory data;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    organisations { code: "moj" kind: ORGANISATION_KIND_MINISTRY
                    name_history { name { zh_tw: "法務部" } } }
    organisations { code: "a" kind: ORGANISATION_KIND_PRISON reports_to: "orgs/moj"
                    name_history { name { zh_tw: "甲" } } }
  )pb", &data));
  EXPECT_EQ(OrganisationDirectory::Build(data).status().message(),
            "organisations[1].code: \"a\" is not an organisation code (2..40 of a-z, 0-9 and "
            "'-', starting with a letter)");
  data.mutable_organisations(1)->set_code("prison-a");
  data.mutable_organisations(1)->set_reports_to("orgs/nowhere");
  EXPECT_EQ(OrganisationDirectory::Build(data).status().message(),
            "organisation prison-a reports to unknown organisation nowhere");
  data.mutable_organisations(1)->set_reports_to("");
  EXPECT_EQ(OrganisationDirectory::Build(data).status().message(),
            "organisations[1]: only one organisation may report to no one; moj already does");
  data.mutable_organisations(1)->set_reports_to("orgs/moj");
  auto* later = data.mutable_organisations(1)->add_name_history();
  later->mutable_name()->set_zh_tw("乙");
  later->mutable_valid_from()->set_year(2018);
  later->mutable_valid_from()->set_month(1);
  later->mutable_valid_from()->set_day(1);
  data.mutable_organisations(1)->mutable_name_history(0)->mutable_valid_until()->set_year(2018);
  data.mutable_organisations(1)->mutable_name_history(0)->mutable_valid_until()->set_month(6);
  data.mutable_organisations(1)->mutable_name_history(0)->mutable_valid_until()->set_day(1);
  EXPECT_EQ(OrganisationDirectory::Build(data).status().message(),
            "organisations[1].name_history[1]: names must be listed oldest first with periods "
            "that do not overlap");
}

TEST(OrganisationDirectory, OpeningAndClosingDatesDecideWhichPeriodsAreOwed) {
  const OrganisationDirectory directory = testing::TestHierarchy([](v1::OrganisationDirectory& d) {
    testing::SetOrganisationDate(d, "dpo-shilin", /*closing=*/true, absl::CivilDay(2018, 9, 30));
  });
  EXPECT_TRUE(directory.OwesReport("dpo-shilin", absl::CivilDay(2018, 6, 30)));
  EXPECT_TRUE(directory.OwesReport("dpo-shilin", absl::CivilDay(2018, 9, 30)));
  EXPECT_FALSE(directory.OwesReport("dpo-shilin", absl::CivilDay(2018, 12, 31)));
  EXPECT_FALSE(directory.OwesReport("high-prosecutors", absl::CivilDay(2018, 6, 30)));
}

TEST(OrganisationDirectory, AClosingDateBeforeTheOpeningIsRefused) {
  auto text = ReadFile(testing::PlansSeedDir() + "/organisations.textproto");
  ASSERT_TRUE(text.ok());
  v1::OrganisationDirectory data;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(*text, &data));
  testing::SetOrganisationDate(data, "dpo-shilin", false, absl::CivilDay(2018, 10, 1));
  testing::SetOrganisationDate(data, "dpo-shilin", true, absl::CivilDay(2018, 9, 30));
  const auto directory = OrganisationDirectory::Build(data);
  EXPECT_EQ(directory.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(directory.status().message(),
            "organisations[6].close_date: 2018-09-30 is before open_date 2018-10-01");
}

TEST(OrganisationDirectory, AGeneratedHierarchyIsValidAndEven) {
  const auto directory = OrganisationDirectory::Build(GenerateHierarchy(1000, 10));
  ASSERT_TRUE(directory.ok()) << directory.status();
  EXPECT_EQ(directory->root(), "moj");
  EXPECT_EQ(directory->tree().Children("moj").size(), 10u);
  EXPECT_EQ(directory->tree().Children("sup-007").size(), 100u);
  EXPECT_EQ(directory->tree().Parent("agency-00011"), "sup-001");
  EXPECT_TRUE(directory->IsReportingAgency("agency-01000"));
}

}  // namespace
}  // namespace svcup
