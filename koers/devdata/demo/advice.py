"""Demo data for advice: advice in every state, with working groups and follow-up."""

import datetime

from django.utils import timezone

from koers.accounts.models import User
from koers.advice.models import Advice, FollowUp, StatusChange
from koers.advice.services import (
    DecisionData,
    advice_create,
    advice_transition,
    text_save,
    working_group_from_call,
    working_group_invite,
    working_group_set_lead,
)
from koers.comments.services import comment_add
from koers.meetings.models import Meeting
from koers.polls.models import Call, Poll
from koers.roadmap.models import PlanItem
from koers.themes.models import Theme


def load_advice(*, themes: dict[str, Theme]) -> None:
    """Advice in every state: OOAPI from the 25-of-26 poll to follow-up, the ICT-monitor by its volunteers."""
    if Advice.objects.exists():
        return
    today = timezone.localdate()
    steering = User.objects.get(email="regiegroep@koers.example")
    chair = User.objects.get(email="voorzitter@koers.example")
    member = User.objects.get(email="lid@koers.example")
    secretary = User.objects.get(email="secretaris@koers.example")

    def make(title, theme_names, question, summary, body, *, lead=None, steps=(), decision=None, **data):
        advice = advice_create(
            actor=steering,
            data={"title": title, "question": question, **data},
            links={"themes": [themes[name] for name in theme_names]},
        )
        if lead is not None:
            working_group_invite(actor=steering, advice=advice, user=lead)
            working_group_set_lead(actor=steering, advice=advice, user=lead)
        if body:
            text_save(actor=lead or steering, advice=advice, summary=summary, body=body, base_version=1)
        # The steps are spread over the past months, as they happened: each one 30 days after the last.
        total = 1 + len(steps)

        def backdate(number: int) -> None:
            when = timezone.now() - datetime.timedelta(days=30 * (total - number))
            change = StatusChange.objects.filter(advice=advice).order_by("-id").first()
            assert change is not None  # creating the advice and every step record a status change
            StatusChange.objects.filter(pk=change.pk).update(at=when)
            Advice.objects.filter(pk=advice.pk).update(status_changed_at=when)

        backdate(0)
        for number, (step, note) in enumerate(steps, start=1):
            advice_transition(
                actor=steering,
                advice=advice,
                to=step,
                note=note,
                decision=decision if step == "besluit" else None,
            )
            backdate(number)
        return advice

    def follow(advice, entries):
        for days_ago, text, done_by, progress, status in entries:
            FollowUp.objects.create(
                advice=advice,
                date=today - datetime.timedelta(days=days_ago),
                text=text,
                done_by=done_by,
                progress=progress,
                status=status,
                author=steering,
            )

    decided = [
        ("werkgroep", ""),
        ("concept", ""),
        ("consultatie", "Reageer voor de volgende netwerkbijeenkomst."),
        ("aangeboden", "Aangeboden aan de Adviesraad Digitalisering."),
    ]
    ooapi = make(
        "Collectief gebruik van OOAPI in het mbo",
        ["Onderwijslogistiek en flexibilisering"],
        "Hoe zorgen we dat alle mbo-instellingen gegevens over onderwijsaanbod en resultaten op dezelfde manier "
        "uitwisselen?",
        "Kies OOAPI als uitwisselstandaard en voer hem in via een afspraak met een ambitie.",
        "### Advies\n\n"
        "1. Het mbo kiest de Open Education API (OOAPI) als standaard voor het uitwisselen van onderwijsaanbod "
        "en resultaten.\n"
        "2. De invoering loopt via een afspraak met een ambitie: elke instelling zet OOAPI in haar "
        "aanbesteding en roadmap.\n"
        "3. SURF en MBO Digitaal ondersteunen met een gezamenlijke implementatieroute.\n\n"
        "### Onderbouwing\n\n"
        "In de peiling steunden 25 van de 26 respondenten OOAPI; 17 kozen voor een afspraak met een ambitie.",
        lead=steering,
        steps=[*decided, ("besluit", ""), ("in_uitvoering", "De implementatieroute is gestart.")],
        decision=DecisionData(
            "overgenomen",
            "De Adviesraad neemt het advies over: OOAPI wordt de uitwisselstandaard voor het mbo. Npuls "
            "financiert de gezamenlijke implementatieroute.",
            today - datetime.timedelta(days=40),
        ),
        target_year=today.year + 1,
        target_quarter=4,
        budget=350000,
        funding="Npuls en de instellingen",
    )
    ooapi.polls.set(Poll.objects.filter(title="OOAPI als uitwisselstandaard voor het mbo"))
    ooapi.meetings.set(Meeting.objects.filter(title="Netwerkbijeenkomst 24 november 2022"))
    ooapi.plan_items.set(PlanItem.objects.filter(title="Gezamenlijke implementatieroute OOAPI"))
    follow(
        ooapi,
        [
            (30, "Implementatieroute opgesteld met SURF en MBO Digitaal.", "Regiegroep, SURF", 20, "op_schema"),
            (14, "Vijf instellingen hebben OOAPI in hun aanbesteding opgenomen.", "Instellingen", 45, "op_schema"),
            (
                3,
                "Koppeling met het landelijk aanbodregister vertraagd door een leverancier.",
                "SURF",
                55,
                "vertraagd",
            ),
        ],
    )

    call = Call.objects.filter(title="Wie helpt de ICT-monitor herijken?").first()
    monitor = make(
        "Herijking van de ICT-monitor mbo",
        ["Innovatie"],
        "Wat is het doel en de doelgroep van de ICT-monitor, en welke vragen horen erin?",
        "",
        "",
        target_year=today.year + 1,
        target_quarter=2,
    )
    if call is not None:
        working_group_from_call(actor=steering, advice=monitor, call=call)
        first = call.signups.order_by("created_at", "id").first()
        if first is not None:
            working_group_set_lead(actor=steering, advice=monitor, user=first.user)
            advice_transition(actor=steering, advice=monitor, to="werkgroep", note="Drie vrijwilligers schrijven.")
            text_save(
                actor=first.user,
                advice=monitor,
                summary="Richt de monitor op de besturing van de instelling.",
                body="### Doel\n\nDe monitor laat bestuurders zien waar hun instelling staat.",
                base_version=monitor.version,
            )
            text_save(
                actor=first.user,
                advice=monitor,
                summary="Richt de monitor op de besturing van de instelling, en maak hem korter.",
                body="### Doel\n\nDe monitor laat bestuurders zien waar hun instelling staat.\n\n"
                "### Doelgroep\n\nBestuurders en informatiemanagers.\n\n### Vragen\n\nHoogstens veertig.",
                base_version=monitor.version,
            )
            advice_transition(actor=first.user, advice=monitor, to="concept")
    monitor.polls.set(Poll.objects.filter(title="Herijking van de ICT-monitor"))
    monitor.plan_items.set(PlanItem.objects.filter(title="Herijking van de ICT-monitor mbo"))

    make(
        "Kaders voor generatieve AI in onderwijs en bedrijfsvoering",
        ["Data en AI"],
        "Welke afspraken maken de instellingen over het gebruik van generatieve AI?",
        "",
        "",
    )
    make(
        "Eén inlog voor studenten in hun eigen dossier",
        ["Eigen Dossier"],
        "Hoe loggen studenten met één account in bij hun dossier, ook na hun opleiding?",
        "",
        "",
        lead=secretary,
        steps=[("werkgroep", "De werkgroep start in januari.")],
    )
    purchasing = make(
        "Gezamenlijke inkoopvoorwaarden voor digitale leermiddelen",
        ["Regie op leermiddelen"],
        "Welke voorwaarden stellen de instellingen samen bij de inkoop van digitale leermiddelen?",
        "Gebruik één set inkoopvoorwaarden met eisen aan privacy, open standaarden en exit.",
        "### Advies\n\nStel één set inkoopvoorwaarden op, met eisen aan privacy, open standaarden (OOAPI) "
        "en een exitregeling.",
        lead=chair,
    )
    advice_transition(actor=steering, advice=purchasing, to="werkgroep")
    advice_transition(actor=chair, advice=purchasing, to="concept")
    advice_transition(
        actor=chair,
        advice=purchasing,
        to="consultatie",
        note="Graag je reactie voor het einde van de maand.",
        endorsement_closes_at=timezone.now() + datetime.timedelta(days=14),
    )
    comment_add(target=purchasing, author=member, body="Neem ook toegankelijkheid (WCAG) op in de eisen.")
    make(
        "Een gedeelde toetsomgeving voor het mbo",
        ["Digitaal toetsen"],
        "Kunnen de instellingen samen één toetsomgeving gebruiken?",
        "Verken een gedeelde toetsomgeving met twee pilots.",
        "### Advies\n\nStart twee pilots met een gedeelde toetsomgeving en beslis na een jaar.",
        lead=steering,
        steps=decided,
        target_year=today.year + 2,
        target_quarter=1,
    )
    make(
        "Flexibel LLO-aanbod in de studentadministratie",
        ["Leven lang ontwikkelen (LLO)"],
        "Hoe registreren de instellingen kort en modulair LLO-aanbod?",
        "Registreer LLO-aanbod als modules met eigen start- en einddata.",
        "### Advies\n\nRegistreer LLO-aanbod als modules met eigen start- en einddata.",
        lead=secretary,
        steps=[*decided, ("besluit", "")],
        decision=DecisionData(
            "deels_overgenomen",
            "Modules ja; de eigen einddata wachten op de nieuwe bekostiging.",
            today - datetime.timedelta(days=10),
        ),
        target_year=today.year + 1,
        target_quarter=3,
        budget=80000,
        funding="MBO Digitaal",
    )
    done = make(
        "Referentiearchitectuur mbo actualiseren",
        ["Innovatie"],
        "Past de referentiearchitectuur nog bij hoe het mbo nu werkt?",
        "Werk de referentiearchitectuur bij met OOAPI en de eigen leeromgeving.",
        "### Advies\n\nActualiseer de referentiearchitectuur met OOAPI, Eigen Dossier en de leeromgeving.",
        lead=chair,
        steps=[*decided, ("besluit", ""), ("in_uitvoering", ""), ("afgerond", "Versie 3 is gepubliceerd.")],
        decision=DecisionData(
            "overgenomen", "Overgenomen; MBO Digitaal publiceert.", today - datetime.timedelta(days=100)
        ),
        target_year=today.year - 1,
        target_quarter=4,
    )
    follow(
        done,
        [
            (90, "Concept van versie 3 besproken.", "MBO Digitaal", 70, "op_schema"),
            (60, "Versie 3 gepubliceerd.", "MBO Digitaal", 100, "gereed"),
        ],
    )
    make(
        "Eén landelijk roosterpakket",
        ["Flexibel studeren"],
        "Moeten alle instellingen hetzelfde roosterpakket gebruiken?",
        "Kies samen één roosterpakket.",
        "### Advies\n\nKies samen één roosterpakket.",
        lead=steering,
        steps=[*decided, ("besluit", ""), ("afgerond", "Niet overgenomen; afgesloten.")],
        decision=DecisionData(
            "niet_overgenomen",
            "De instellingen kiezen hun roosterpakket zelf; wel afspraken over open standaarden.",
            today - datetime.timedelta(days=80),
        ),
    )
    make(
        "XR-pilots delen tussen instellingen",
        ["XR"],
        "Hoe delen instellingen de lessen uit hun XR-pilots?",
        "",
        "",
        steps=[("ingetrokken", "Het Npuls-programma pakt dit op; een eigen advies is niet meer nodig.")],
    )
