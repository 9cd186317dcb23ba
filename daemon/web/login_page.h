// The login page: a plain form, a user name and a password field, each with
// its label. Its token (also set as a cookie) protects the login itself from
// cross-site posting.
#pragma once

#include "web/page.h"

namespace khabar::web {

struct LoginView {
  std::string user;  // as typed, after a failure
  std::string error;
  std::string token;  // the login form's CSRF token
  std::string next;   // where to go once logged in
};

Page render(const LoginView& view);

}  // namespace khabar::web
