"""Writes for accounts: membership requests, invitations and the member's own profile."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from axes.utils import reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from koers.activity.kinds import Kind
from koers.activity.services import record_activity
from koers.core.audit import audit_record
from koers.core.tasks import mail_after_commit
from koers.members.models import Institution
from koers.members.selectors import steering_group_recipients
from koers.notifications.services import notify
from koers.themes.models import Theme

from . import notices, tasks
from .audit import AccountAction
from .models import (
    Invitation,
    MembershipRequest,
    SurfconextIdentity,
    User,
    first_meeting_year_end,
    normalise_email,
)
from .selectors import institution_by_schac_home

MSG_EMAIL_IS_MEMBER = _("Er is al een lid met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.")
MSG_REQUEST_DECIDED = _("Over deze aanvraag is al besloten.")
MSG_REASON_REQUIRED = _("Geef een reden op; de aanvrager krijgt die te lezen.")
MSG_INVITATION_INVALID = _(
    "Deze uitnodigingslink is ongeldig. Controleer of je de volledige link uit de e-mail hebt gebruikt."
)
MSG_INVITATION_USED = _(
    "Deze uitnodigingslink is al gebruikt. Log in met je wachtwoord, of vraag een nieuw wachtwoord aan."
)
MSG_INVITATION_EXPIRED = _("Deze uitnodigingslink is verlopen. Vraag de regiegroep om een nieuwe uitnodiging.")
MSG_INVITATION_NOT_NEEDED = _("Dit lid heeft al een wachtwoord ingesteld; een nieuwe uitnodiging is niet nodig.")
MSG_INVITATION_NOT_POSSIBLE = _("Alleen wie is goedgekeurd en nog actief is, kan een nieuwe uitnodiging krijgen.")
MSG_SURFCONEXT_INACTIVE = _("Dit account is niet actief.")
MSG_SURFCONEXT_OTHER_ACCOUNT = _(
    "Dit account is al gekoppeld aan een ander SURFconext-account. Log in met je wachtwoord, of vraag de "
    "regiegroep om de koppeling te verwijderen."
)
MSG_SURFCONEXT_INSTITUTION = _(
    "Je SURFconext-account hoort niet bij de instelling van je Koers-account, dus koppelen we ze niet. Log in "
    "met je wachtwoord, of vraag de regiegroep om de instelling in je profiel na te kijken."
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _message(*, template: str, to: str, language: str, context: dict[str, Any]) -> EmailMessage:
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    return EmailMessage(subject, body, None, [to])


def membership_request_submit(
    *, full_name: str, email: str, institution: Institution, job_title: str, motivation: str = ""
) -> MembershipRequest | None:
    """Record a request and tell the steering group (run by the task ``tasks.membership_request_process``).

    The visitor always sees the same answer, so the form cannot be used to find out who is a member or
    has applied. An address that is already known gets an e-mail saying so instead (returns None).
    """
    email = normalise_email(email)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            _mail_after_commit(template="already_member", to=email, context={"name": full_name.strip()})
            return None
        if MembershipRequest.objects.filter(email__iexact=email, status=MembershipRequest.Status.PENDING).exists():
            _mail_after_commit(template="already_pending", to=email, context={"name": full_name.strip()})
            return None
        try:
            with transaction.atomic():
                request = MembershipRequest.objects.create(
                    full_name=full_name.strip(),
                    email=email,
                    institution=institution,
                    job_title=job_title.strip(),
                    motivation=motivation.strip(),
                )
        except IntegrityError:  # a simultaneous request for the same address won the race
            return None
        audit_record(actor=None, action=AccountAction.MEMBERSHIP_REQUESTED, target=request)
        _mail_after_commit(template="request_received", to=email, context={"name": request.full_name})
        notify(
            recipients=steering_group_recipients(),
            notice=notices.MEMBERSHIP_REQUESTED,
            params={"institution": institution.name},
            url=reverse("accounts:membership-request-detail", kwargs={"pk": request.pk}),
        )
    return request


def membership_request_receive(
    *, full_name: str, email: str, institution: Institution, job_title: str, motivation: str = ""
) -> None:
    """Accept a membership request from the form: queue one task that handles it, whoever the address is.

    The request does the same work for a member, a pending applicant and a newcomer (one task, no lookup of the
    address), so neither the answer nor its timing tells who is a member; the task looks the address up and
    sends the right e-mail (``membership_request_submit``).
    """
    transaction.on_commit(
        partial(
            tasks.membership_request_process.enqueue,
            full_name=full_name,
            email=email,
            institution_id=institution.pk,
            job_title=job_title,
            motivation=motivation,
        )
    )


def password_reset_request(*, email: str, language: str) -> None:
    """Queue the password-reset e-mail for an address: the task finds the member, if any, and mails the link.

    Whether the address belongs to a member is decided in the task, so the page answers the same, in the same
    time, for every address.
    """
    transaction.on_commit(partial(tasks.password_reset_send.enqueue, email=normalise_email(email), language=language))


def _mail_after_commit(
    *, template: str, to: str, context: dict[str, Any], language: str = settings.LANGUAGE_CODE
) -> None:
    mail_after_commit([_message(template=template, to=to, language=language, context=context)])


def _locked_pending(membership_request: MembershipRequest) -> MembershipRequest:
    locked = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
    if locked.status != MembershipRequest.Status.PENDING:
        raise ValidationError(MSG_REQUEST_DECIDED)
    return locked


def invitation_create(*, user: User) -> str:
    """Create a single-use invitation and return its token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    return token


def _invite(*, user: User) -> None:
    token = invitation_create(user=user)
    link = settings.SITE_URL + reverse("accounts:invitation-accept", kwargs={"token": token})
    _mail_after_commit(
        template="invitation",
        to=user.email,
        language=user.language,
        context={"name": user.full_name, "link": link, "days": settings.INVITATION_VALID_DAYS},
    )


def _decide(req: MembershipRequest, *, actor: User, status: str, reason: str = "") -> None:
    req.status = status
    req.decided_at = timezone.now()
    req.decided_by = actor
    req.decision_reason = reason
    req.save()


def membership_request_approve(*, actor: User, membership_request: MembershipRequest) -> User:
    with transaction.atomic():
        req = _locked_pending(membership_request)
        if User.objects.filter(email__iexact=req.email).exists():
            raise ValidationError(MSG_EMAIL_IS_MEMBER)
        user = User.objects.create_user(
            email=req.email,
            full_name=req.full_name,
            job_title=req.job_title,
            institution=req.institution,
            new_until=first_meeting_year_end(timezone.localdate()),
        )
        req.user = user
        _decide(req, actor=actor, status=MembershipRequest.Status.APPROVED)
        audit_record(actor=actor, action=AccountAction.MEMBERSHIP_APPROVED, target=req, data={"user": user.pk})
        _invite(user=user)
    return user


def membership_request_reject(*, actor: User, membership_request: MembershipRequest, reason: str) -> MembershipRequest:
    if not reason.strip():
        raise ValidationError({"reason": MSG_REASON_REQUIRED})
    with transaction.atomic():
        req = _locked_pending(membership_request)
        _decide(req, actor=actor, status=MembershipRequest.Status.REJECTED, reason=reason.strip())
        audit_record(
            actor=actor, action=AccountAction.MEMBERSHIP_REJECTED, target=req, data={"reason": req.decision_reason}
        )
        _mail_after_commit(
            template="rejection", to=req.email, context={"name": req.full_name, "reason": req.decision_reason}
        )
    return req


def invitation_resend(*, actor: User, membership_request: MembershipRequest) -> User:
    """Send a fresh invitation to an approved member who never set a password; older links stop working."""
    with transaction.atomic():
        req = (
            MembershipRequest.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=membership_request.pk)
        )
        user = req.user
        if req.status != MembershipRequest.Status.APPROVED or user is None or not user.is_active:
            raise ValidationError(MSG_INVITATION_NOT_POSSIBLE)
        if user.has_usable_password():
            raise ValidationError(MSG_INVITATION_NOT_NEEDED)
        Invitation.objects.filter(user=user, used_at__isnull=True).delete()
        _invite(user=user)
        audit_record(actor=actor, action=AccountAction.INVITATION_SENT, target=user)
    return user


def invitation_check(*, token: str) -> Invitation:
    """The invitation for a token, or a ValidationError saying why it cannot be used."""
    invitation = Invitation.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if invitation is None or not invitation.user.is_active:
        raise ValidationError(MSG_INVITATION_INVALID)
    if invitation.used_at is not None:
        raise ValidationError(MSG_INVITATION_USED)
    if invitation.expires_at <= timezone.now():
        raise ValidationError(MSG_INVITATION_EXPIRED)
    return invitation


def invitation_accept(*, token: str, password: str) -> User:
    with transaction.atomic():
        invitation = invitation_check(token=token)
        invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise ValidationError(MSG_INVITATION_USED)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action=AccountAction.INVITATION_ACCEPTED, target=user)
        # Members welcome a new colleague: their name (always shown to members) and institution, never more.
        record_activity(
            kind=Kind.MEMBER_JOINED,
            target=user,
            title=user.full_name,
            url=reverse("members:directory"),
            institution=user.institution,
            at=invitation.used_at,
        )
    return user


def profile_update(
    *,
    user: User,
    full_name: str,
    job_title: str,
    phone: str,
    institution: Institution | None,
    expertise: Iterable[Theme],
    language: str,
) -> User:
    with transaction.atomic():
        previous_institution = User.objects.select_related("institution").get(pk=user.pk).institution
        user.full_name = full_name.strip()
        user.job_title = job_title.strip()
        user.phone = phone.strip()
        user.institution = institution
        user.language = language
        user.full_clean(exclude=["password", "email"])
        user.save()
        user.expertise.set(expertise)
        if previous_institution != institution:
            # Which institution a member speaks for decides what they may edit later: visible and audited.
            audit_record(
                actor=user,
                action=AccountAction.INSTITUTION_MOVED,
                target=user,
                data={"from": str(previous_institution or ""), "to": str(institution or "")},
            )
            notify(
                recipients=steering_group_recipients(),
                notice=notices.INSTITUTION_MOVED,
                params={
                    "name": user.full_name,
                    "old": str(previous_institution or "-"),
                    "new": str(institution or "-"),
                },
                url=reverse("members:directory"),
            )
    return user


def language_set(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def sign_in_lock_lift(*, user: User) -> None:
    """Forget the failed sign-ins for this member's address (after they proved who they are by e-mail)."""
    reset(username=user.email)


@dataclass(frozen=True)
class SurfconextPerson:
    """Someone SURFconext vouched for who is not a member: what the membership request form is filled with."""

    email: str
    full_name: str
    schac_home: str
    institution_id: int | None

    def as_session(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "full_name": self.full_name,
            "schac_home": self.schac_home,
            "institution_id": self.institution_id,
        }

    @classmethod
    def from_session(cls, data: object) -> "SurfconextPerson | None":
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                email=str(data["email"]),
                full_name=str(data["full_name"]),
                schac_home=str(data["schac_home"]),
                institution_id=int(data["institution_id"]) if data["institution_id"] is not None else None,
            )
        except (KeyError, TypeError, ValueError):
            return None


def surfconext_match(*, issuer: str, sub: str, email: str, full_name: str, schac_home: str) -> User | SurfconextPerson:
    """The member SURFconext signed in, or the person to invite to request membership.

    The stable subject is matched first. The first time, the e-mail address (any case) of an active member
    is, but only when the identity provider is that member's own institution (the released
    ``schac_home_organization`` equals the institution's): an e-mail address alone could be released by any
    identity provider. The subject is then remembered and the link written to the audit log. Nobody gets an
    account here: membership is requested and approved as always. Raises ValidationError when the member
    exists but may not sign in this way.
    """
    email = normalise_email(email)
    with transaction.atomic():
        identity = (
            SurfconextIdentity.objects.select_for_update().select_related("user").filter(issuer=issuer, sub=sub).first()
        )
        if identity is not None and identity.user.anonymised_at is not None:
            # The member erased their account: whoever signs in now starts afresh.
            identity.delete()
            identity = None
        if identity is not None:
            if not identity.user.is_active:
                raise ValidationError(MSG_SURFCONEXT_INACTIVE)
            identity.last_used_at = timezone.now()
            identity.save(update_fields=["last_used_at"])
            return identity.user
        user = User.objects.select_for_update().filter(email__iexact=email, anonymised_at__isnull=True).first()
        institution = institution_by_schac_home(schac_home)
        if user is None:
            return SurfconextPerson(
                email=email,
                full_name=full_name,
                schac_home=schac_home,
                institution_id=institution.pk if institution else None,
            )
        # Only the member's own institution may vouch for the address, and before anything about the account
        # (inactive, linked) is said: another institution's identity provider learns nothing.
        if institution is None or institution.pk != user.institution_id:
            raise ValidationError(MSG_SURFCONEXT_INSTITUTION)
        if not user.is_active:
            raise ValidationError(MSG_SURFCONEXT_INACTIVE)
        # The member's row is locked, so two subjects signing in at the same moment cannot both get here.
        if SurfconextIdentity.objects.filter(issuer=issuer, user=user).exists():
            # Another SURFconext account with the same e-mail address: refuse rather than guess who it is.
            raise ValidationError(MSG_SURFCONEXT_OTHER_ACCOUNT)
        try:
            with transaction.atomic():
                SurfconextIdentity.objects.create(user=user, issuer=issuer, sub=sub)
        except IntegrityError as error:
            # A simultaneous sign-in linked it first: the same subject signs in, any other is refused.
            if not SurfconextIdentity.objects.filter(issuer=issuer, sub=sub, user=user).exists():
                raise ValidationError(MSG_SURFCONEXT_OTHER_ACCOUNT) from error
            return user
        audit_record(
            actor=user,
            action=AccountAction.SURFCONEXT_LINKED,
            target=user,
            data={"schac_home": institution.schac_home.lower()},
        )
    return user
