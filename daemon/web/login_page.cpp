#include "web/login_page.h"

namespace khabar::web {

Page render(const LoginView& view) {
  Html html;
  if (!view.error.empty()) html.element("p", view.error, {{"class", "error"}, {"role", "alert"}});
  html.open("form", {{"method", "post"}, {"action", "/login"}, {"class", "stack card"}});
  html.empty("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", view.token}});
  html.empty("input", {{"type", "hidden"}, {"name", "next"}, {"value", view.next}});
  html.open("div").element("label", "User name", {{"for", "user"}});
  html.empty("input",
             {{"id", "user"}, {"name", "user"}, {"value", view.user}, {"autocomplete", "username"}, {"required", ""}});
  html.close().open("div").element("label", "Password", {{"for", "password"}});
  html.empty("input", {{"id", "password"},
                       {"name", "password"},
                       {"type", "password"},
                       {"autocomplete", "current-password"},
                       {"required", ""}});
  html.close().element("button", "Log in", {{"type", "submit"}});
  return {"Log in to the khabar newsroom", html.take(), view.error.empty() ? 200 : 401};
}

}  // namespace khabar::web
