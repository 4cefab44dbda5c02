// Puts chosen methods of a generated gRPC service on the callback API, leaving the others
// synchronous: WithCallbackMethods<v1::X::Service, v1::X::WithCallbackMethod_A,
// v1::X::WithCallbackMethod_B> is WithCallbackMethod_A<WithCallbackMethod_B<v1::X::Service>>.
// The suite serves its unary methods on the callback API (handler.h: ServeUnary) and keeps its
// few streams synchronous (each bounded by the thread quota and its own limits).
#ifndef SVCUP_COMMON_SERVER_CALLBACK_METHODS_H_
#define SVCUP_COMMON_SERVER_CALLBACK_METHODS_H_

namespace svcup {
namespace internal {

template <typename Base, template <typename> class... Methods>
struct CallbackMethodChain;

template <typename Base>
struct CallbackMethodChain<Base> {
  using type = Base;
};

template <typename Base, template <typename> class First, template <typename> class... Rest>
struct CallbackMethodChain<Base, First, Rest...> {
  using type = First<typename CallbackMethodChain<Base, Rest...>::type>;
};

}  // namespace internal

// `Base` (a generated Service) with each of `Methods` on the callback API.
template <typename Base, template <typename> class... Methods>
using WithCallbackMethods = typename internal::CallbackMethodChain<Base, Methods...>::type;

}  // namespace svcup

#endif  // SVCUP_COMMON_SERVER_CALLBACK_METHODS_H_
