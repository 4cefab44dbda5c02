#!/usr/bin/python3
"""The portal and the dashboard in Debian's Chromium (headless, through chromedriver).

Started by browser_test.sh, which runs the four binaries and mints the tokens. The tests run in
order, each building on the one before: the portal's pages and downloads; the portal by keyboard
alone; a supervisor's dashboard following completeness live as an agency submits; an agency that
cannot see another's drafts; the ministry's inbox and ranking. A screenshot of each page goes to
SVCUP_SCREENSHOTS.
"""
import json
import os
import re
import unittest
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["SVCUP_URL"]
TOKENS = os.environ["SVCUP_TOKENS"]
SCREENSHOTS = os.environ["SVCUP_SCREENSHOTS"]


def token(org, role):
    with open(os.path.join(TOKENS, f"{org}-{role}")) as f:
        return f.read().strip()


def rpc(method, body, who=None):
    """POSTs body to the RPC through the gateway; (HTTP status, answer as JSON)."""
    headers = {"Content-Type": "application/json"}
    if who:
        headers["Authorization"] = "Bearer " + token(*who)
    request = urllib.request.Request(f"{URL}/svcup.v1.{method}", json.dumps(body).encode(),
                                     headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def ok(method, body, who=None):
    status, answer = rpc(method, body, who)
    assert status == 200, f"{method}: {status} {answer}"
    return answer


STAFF = ("dpo-hsinchu", "agency-staff")
HEAD = ("dpo-hsinchu", "agency-head")
REVIEWER = ("high-prosecutors", "supervisor-reviewer")
OFFICER = ("moj", "ministry-officer")
PLAN_CONTENT = {
    "title": "新竹地檢署107年度服務躍升執行計畫", "basis": "法務部107年度服務躍升實施計畫",
    "goals": "落實司法為民", "targets": "本署各單位", "implementationSteps": "一、成立工作小組。",
    "evaluation": "每半年檢討", "rewards": "依規定敘獎",
    "measures": [{"measureCode": "1.1", "title": "檢討申辦案件標準作業流程"},
                 {"measureCode": "2.3", "title": "辦理民眾滿意度調查"}],
    "priorities": [{"rank": 1, "title": "單一窗口便民服務"}]}
REPORT_CONTENT = {
    "asOfDate": {"year": 2018, "month": 6, "day": 30}, "summary": "本期依執行計畫推動",
    "measureResults": [
        {"measureCode": "1.1", "actionsTaken": "修訂標準作業流程", "results": "處理時間縮短",
         "indicators": [{"name": "平均處理天數", "value": 4.2, "unit": "日"}]},
        {"measureCode": "2.3", "actionsTaken": "辦理滿意度調查", "results": "滿意度提升",
         "indicators": [{"name": "民眾滿意度", "value": 91.5, "unit": "%"}]}],
    "meetings": [{"date": {"year": 2018, "month": 3, "day": 15}, "participants": ["機關首長"],
                  "decisions": "檢討第一季服務成效"}]}


class BrowserTest(unittest.TestCase):
    browser = None
    shared = {}

    @classmethod
    def setUpClass(cls):
        # Hsinchu publishes its execution plan and drafts its report; Taipei only drafts both.
        plan = "orgs/dpo-hsinchu/executionPlans/2018"
        etag = ok("PlanRegistry/CreateExecutionPlan", {
            "parent": "orgs/dpo-hsinchu", "year": 2018, "requestId": "plan",
            "content": PLAN_CONTENT}, STAFF)["etag"]
        etag = ok("PlanRegistry/ApproveExecutionPlan",
                  {"name": plan, "etag": etag, "requestId": "approve"}, HEAD)["etag"]
        ok("PlanRegistry/PublishExecutionPlan", {
            "name": plan, "etag": etag, "requestId": "publish",
            "urls": ["https://www.example.gov.tw/dpo-hsinchu/107.pdf"]}, STAFF)
        ok("PlanRegistry/CreateExecutionPlan", {
            "parent": "orgs/dpo-taipei", "year": 2018, "requestId": "taipei-plan",
            "content": dict(PLAN_CONTENT, title="臺北地檢署草稿計畫")}, ("dpo-taipei", "agency-staff"))
        cls.shared["etag"] = ok("ProgressReports/CreateReport", {
            "parent": "orgs/dpo-hsinchu", "year": 2018, "period": 1, "requestId": "report",
            "content": REPORT_CONTENT}, STAFF)["etag"]
        ok("ProgressReports/CreateReport", {
            "parent": "orgs/dpo-taipei", "year": 2018, "period": 1, "requestId": "taipei-report",
            "content": REPORT_CONTENT}, ("dpo-taipei", "agency-staff"))

        options = webdriver.ChromeOptions()
        for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1100,1400", "--lang=zh-TW"):
            options.add_argument(argument)
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        cls.browser.set_page_load_timeout(30)

    @classmethod
    def tearDownClass(cls):
        if cls.browser:
            cls.browser.quit()

    def shot(self, name):
        self.browser.save_screenshot(os.path.join(SCREENSHOTS, f"{name}.png"))

    def wait(self, condition, seconds=20):
        return WebDriverWait(self.browser, seconds).until(lambda _: condition())

    def sign_in(self, who, query):
        b = self.browser
        b.get(f"{URL}/dashboard?{query}")
        b.execute_script("sessionStorage.clear()")
        b.get(f"{URL}/dashboard?{query}")
        b.find_element(By.ID, "token").send_keys(token(*who))
        b.find_element(By.CSS_SELECTOR, "#signin-form button").click()
        self.wait(lambda: b.find_element(By.ID, "work").is_displayed())

    def caption(self):
        return self.browser.find_element(By.CSS_SELECTOR, "#completeness caption").text

    def test_1_the_portal_shows_published_plans_and_their_downloads(self):
        b = self.browser
        b.get(URL + "/")
        self.assertEqual(b.find_element(By.TAG_NAME, "html").get_attribute("lang"), "zh-Hant-TW")
        self.assertIn("107年度（2018）", b.find_element(By.TAG_NAME, "main").text)
        self.shot("portal-home")
        b.find_element(By.LINK_TEXT, "各機關執行計畫").click()
        self.assertIn("共 1 份已公告之執行計畫。", b.page_source)
        self.assertNotIn("臺北地檢署草稿計畫", b.page_source)  # a draft is never public
        self.shot("portal-plans")
        b.find_element(By.LINK_TEXT, "臺灣新竹地方檢察署").click()  # its name since 2018-05-25
        self.assertEqual(b.find_element(By.TAG_NAME, "h1").text,
                         "臺灣新竹地方檢察署 新竹地檢署107年度服務躍升執行計畫")
        facts = b.find_element(By.CSS_SELECTOR, "dl.facts").text
        self.assertIn("逾期 111 日", facts)  # published 2018-07-20, due 2018-03-31
        self.assertIn("https://www.example.gov.tw/dpo-hsinchu/107.pdf", facts)
        self.shot("portal-plan")
        b.find_element(By.LINK_TEXT, "English").click()
        self.assertEqual(b.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        self.assertIn("111 days late", b.find_element(By.CSS_SELECTOR, "dl.facts").text)
        self.shot("portal-plan-en")
        b.get(URL + "/implementation-plans/2018")
        self.assertIn("法綜字第10701506380號", b.page_source)
        self.shot("portal-implementation-plan")
        b.get(URL + "/open-data")
        self.shot("portal-open-data")
        href = b.find_element(By.CSS_SELECTOR, "a[href$='execution-plans-2018.csv']").get_attribute("href")
        with urllib.request.urlopen(href, timeout=30) as download:
            self.assertEqual(download.headers["Content-Type"], "text/csv; charset=utf-8")
            body = download.read().decode("utf-8-sig")
        self.assertTrue(body.startswith("organisation,organisation_name_zh_tw"))
        self.assertEqual(len(body.strip().splitlines()), 2)  # the header and Hsinchu's plan
        # The pages load nothing from elsewhere and run no inline script.
        self.assertEqual(b.execute_script(
            "return [...document.querySelectorAll('script,link,img')].filter(e => "
            "(e.src || e.href || '').startsWith('http') && !(e.src || e.href).startsWith(location.origin)).length"), 0)

    def test_2_the_portal_works_by_keyboard_alone(self):
        b = self.browser
        b.get(URL + "/")
        body = b.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        self.assertEqual(b.switch_to.active_element.get_attribute("class"), "skip")
        self.assertNotEqual(b.execute_script(
            "return getComputedStyle(document.activeElement).outlineStyle"), "none")
        b.switch_to.active_element.send_keys(Keys.ENTER)
        self.assertEqual(b.switch_to.active_element.get_attribute("id"), "main")
        b.get(URL + "/")
        b.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        for _ in range(3):  # the skip link, the site's name, then 執行計畫
            if b.switch_to.active_element.text == "執行計畫":
                break
            b.switch_to.active_element.send_keys(Keys.TAB)
        self.assertEqual(b.switch_to.active_element.text, "執行計畫")
        b.switch_to.active_element.send_keys(Keys.ENTER)
        self.wait(lambda: "/plans" in b.current_url)
        for _ in range(20):
            if b.switch_to.active_element.get_attribute("id") == "q":
                break
            b.switch_to.active_element.send_keys(Keys.TAB)
        self.assertEqual(b.switch_to.active_element.get_attribute("id"), "q")
        b.switch_to.active_element.send_keys("新竹", Keys.ENTER)
        self.wait(lambda: "q=" in b.current_url)
        self.assertIn("共 1 份已公告之執行計畫。", b.page_source)
        self.shot("portal-search-by-keyboard")

    def test_3_a_supervisor_sees_completeness_change_as_an_agency_submits(self):
        b = self.browser
        self.sign_in(REVIEWER, "year=2018&period=1")
        self.wait(lambda: "共" in self.caption())
        on_time = int(re.search(r"如期 (\d+)", self.caption()).group(1))
        self.wait(lambda: b.find_element(By.ID, "live").text == "即時更新中")
        self.shot("dashboard-before")
        revision = ok("ProgressReports/SubmitReport", {
            "name": "orgs/dpo-hsinchu/reports/2018-1", "etag": self.shared["etag"],
            "requestId": "submit"}, STAFF)
        self.shared["revision"] = revision
        self.wait(lambda: f"如期 {on_time + 1}" in self.caption())
        self.assertIn("orgs/dpo-hsinchu", b.find_element(By.ID, "live").text)
        rows = b.find_elements(By.CSS_SELECTOR, "#completeness tbody tr")
        hsinchu = [r.text for r in rows if "新竹地方" in r.text]
        self.assertEqual(len(hsinchu), 1)
        self.assertIn("如期", hsinchu[0])
        backlog = b.find_element(By.CSS_SELECTOR, "#backlog tbody").text
        self.wait(lambda: "orgs/dpo-hsinchu/reports/2018-1" in
                  b.find_element(By.CSS_SELECTOR, "#backlog tbody").text)
        self.assertEqual(len(b.find_elements(By.CSS_SELECTOR, "#chart rect")), 4)
        self.shot("dashboard-supervisor-live")
        del backlog

    def test_4_an_agency_cannot_see_another_agencys_drafts(self):
        b = self.browser
        self.sign_in(("dpo-shilin", "agency-staff"), "year=2018&period=1&recipient=orgs/high-prosecutors")
        error = b.find_element(By.ID, "completeness-error")
        self.wait(lambda: error.is_displayed())
        self.assertIn("permission_denied", error.text)
        self.assertEqual(len(b.find_elements(By.CSS_SELECTOR, "#completeness tbody tr")), 0)
        self.assertNotIn("dpo-taipei", b.find_element(By.ID, "backlog").text)
        self.shot("dashboard-agency-denied")
        status, answer = rpc("ProgressReports/GetReport", {"name": "orgs/dpo-taipei/reports/2018-1"},
                             ("dpo-shilin", "agency-staff"))
        self.assertEqual((status, answer["code"]), (403, "permission_denied"))

    def test_5_the_ministry_reads_its_inbox_and_the_ranking(self):
        b = self.browser
        revision = self.shared["revision"]
        ok("Reviews/CreateReview", {
            "revision": revision["name"], "contentDigest": revision["contentDigest"],
            "overallOpinion": "辦理情形良好", "rating": "RATING_EXCELLENT",
            "decision": "REVIEW_DECISION_ACCEPT", "requestId": "review"}, REVIEWER)
        self.sign_in(OFFICER, "year=2018&period=1")
        self.assertTrue(b.find_element(By.ID, "ministry").is_displayed())
        self.wait(lambda: "新竹地方" in b.find_element(By.CSS_SELECTOR, "#ranking tbody").text)
        rows = [r for r in b.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
                if "新竹地方" in r.text]
        cells = [c.text for c in rows[0].find_elements(By.CSS_SELECTOR, "th,td")]
        self.assertEqual(len(cells), 7)  # rank, agency, score and its three parts, explanation
        self.assertRegex(cells[2], r"^\d+\.\d\d$")
        self.assertRegex(cells[3], r"^\d+\.\d\d$")
        self.shot("dashboard-ministry")


if __name__ == "__main__":
    unittest.main(verbosity=2)
