#pragma once

#include "alert/mail_message.h"
#include "alert/notifier.h"
#include "fetch/smtp_client.h"

namespace khabar::alert {

// Delivers each alert as one e-mail (compose_alert_mail) through SMTP.
// Permanent SMTP refusals (5xx) fail the alert; anything else is retried.
class EmailNotifier : public Notifier {
 public:
  EmailNotifier(fetch::SmtpRequest server, MailEnvelope envelope);
  DeliveryOutcome deliver(const AlertMessage& message) override;

 private:
  fetch::SmtpRequest server_;  // without message
  MailEnvelope envelope_;
};

}  // namespace khabar::alert
