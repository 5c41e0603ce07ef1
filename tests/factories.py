import datetime

import factory
from django.utils import timezone

from koers.accounts.models import MembershipRequest, User
from koers.members.models import Consent, Institution, Position
from koers.members.services import CONSENT_TEXT_VERSION
from koers.themes.models import Agenda, Theme

PASSWORD = "een-goed-wachtwoord-42"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Testcollege {n}")
    slug = factory.Sequence(lambda n: f"testcollege-{n}")
    kind = Institution.Kind.ROC
    city = "Utrecht"
    size_band = Institution.SizeBand.MEDIUM


class AgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agenda

    name = factory.Sequence(lambda n: f"Agenda {n}")
    slug = factory.Sequence(lambda n: f"agenda-{n}")
    start_year = 2023
    end_year = 2031


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    agenda = factory.SubFactory(AgendaFactory)
    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    line = "Pilothub"
    description = "Omschrijving"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"lid{n}@college.example")
    full_name = factory.Sequence(lambda n: f"Lid Nummer{n}")
    job_title = "Informatiemanager"
    phone = "030 123 4567"
    institution = factory.SubFactory(InstitutionFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipRequest

    full_name = factory.Sequence(lambda n: f"Aanvrager {n}")
    email = factory.Sequence(lambda n: f"aanvrager{n}@college.example")
    institution = factory.SubFactory(InstitutionFactory)
    job_title = "Informatiemanager"


def make_steering(user, kind: str = Position.Kind.STEERING_MEMBER) -> Position:
    return Position.objects.create(
        user=user,
        kind=kind,
        institution=user.institution,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
    )


def share(user, *fields: str) -> None:
    for field in fields:
        Consent.objects.create(user=user, field=field, text_version=CONSENT_TEXT_VERSION, granted_at=timezone.now())
