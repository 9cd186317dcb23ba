#include "fetch/curl_http_client.h"

#include "fetch/curl_transfer.h"
#include "khabar_version.h"

namespace khabar::fetch {

std::string user_agent(const std::string& contact) {
  std::string agent = std::string("khabar/") + kKhabarVersion;
  return contact.empty() ? agent : agent + " (+" + contact + ")";
}

CurlHttpClient::CurlHttpClient(std::string user_agent) : user_agent_(std::move(user_agent)) { init_curl_once(); }

Result<HttpResponse> CurlHttpClient::perform(const HttpRequest& request) {
  CurlTransferOptions options;
  options.follow_redirects = request.follow_redirects;
  CurlTransfer transfer(request, user_agent_, options);
  if (!transfer.handle()) return make_error(ErrorKind::kTransient, "cannot create a libcurl handle");
  const auto code = curl_easy_perform(transfer.handle());
  const auto target = transfer.redirect_target();  // known once the transfer is done
  auto response = transfer.finish(code);
  if (response && !request.follow_redirects) response->location = target;
  return response;
}

}  // namespace khabar::fetch
