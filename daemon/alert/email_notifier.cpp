#include "alert/email_notifier.h"

namespace khabar::alert {

EmailNotifier::EmailNotifier(fetch::SmtpRequest server, MailEnvelope envelope)
    : server_(std::move(server)), envelope_(std::move(envelope)) {}

DeliveryOutcome EmailNotifier::deliver(const AlertMessage& message) {
  auto request = server_;
  request.message = compose_alert_mail(envelope_, message, unix_now());
  const auto status = fetch::send_mail(request);
  if (status) return {Delivery::kDelivered, {}, {}};
  const bool permanent = status.error().kind == ErrorKind::kPermanent;
  return {permanent ? Delivery::kFailedPermanently : Delivery::kRetryLater, status.error().message, {}};
}

}  // namespace khabar::alert
