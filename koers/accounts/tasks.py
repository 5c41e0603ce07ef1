"""Background tasks of accounts: the requests whose answer must not tell who is a member.

The page only validates the form and queues one of these tasks, whatever the address; the task looks the
address up and sends the e-mail that fits (a reset link, "you are already a member", "request received").
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMessage
from django.template import loader
from django.utils import translation
from django_tasks import task

from koers.core.mail import deliver, retry_later
from koers.members.models import Institution

from . import services


@task()
def membership_request_process(
    *, full_name: str, email: str, institution_id: int, job_title: str, motivation: str = ""
) -> dict[str, Any]:
    """Handle a membership request from the form (services.membership_request_submit)."""
    institution = Institution.objects.filter(pk=institution_id).first()
    if institution is None:  # removed since the form was sent: nothing to apply to
        return {"request": None}
    request = services.membership_request_submit(
        full_name=full_name, email=email, institution=institution, job_title=job_title, motivation=motivation
    )
    return {"request": request.pk if request else None}


class _CollectingResetForm(PasswordResetForm):
    """Django's reset form (which finds the members with a usable password) with its mails kept, not sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.messages: list[EmailMessage] = []

    def send_mail(  # the same arguments as Django's; collects instead of sending
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        self.messages.append(EmailMessage(subject, body, from_email, [to_email]))


@task()
def password_reset_send(*, email: str, language: str, attempt: int = 1) -> dict[str, Any]:
    """E-mail a reset link to the member with this address, if there is one (nothing to anyone else).

    A failing mail server is tried again later with a fresh link (the link itself never waits in the queue).
    """
    form = _CollectingResetForm({"email": email})
    if not form.is_valid():
        return {"sent": 0}
    with translation.override(language):
        form.save(
            domain_override=settings.SITE_URL.split("://", 1)[-1],
            use_https=settings.SITE_URL.startswith("https://"),
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            extra_email_context={"site_url": settings.SITE_URL},
        )
    sent, error = deliver(form.messages)
    if error is not None:
        return retry_later(password_reset_send, error, attempt=attempt, email=email, language=language)
    return {"sent": sent}
