"""The vacancy pages: list, detail with nominating, the steering group's forms, voting and the count."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from koers.core.models import AuditEvent
from koers.governance.models import MSG_ONE_SEAT, Nomination, Vacancy
from koers.governance.services import MSG_NOT_OPEN, nomination_create, vacancy_cancel
from koers.members.models import Position
from koers.polls.models import Ballot, Poll

from ..factories import UserFactory
from .conftest import HOUR, candidates, close_election, day, open_vacancy, start_election, votes

LIST = reverse("governance:vacancy-list")


def detail(vacancy) -> str:
    return reverse("governance:vacancy-detail", args=[vacancy.pk])


def page(response) -> str:
    return response.content.decode()


# The list ----------------------------------------------------------------------------------------------


def test_the_list_has_an_empty_state_and_a_button_for_the_steering_group(client_for, member, steering):
    text = page(client_for(member).get(LIST))
    assert "Er zijn nog geen vacatures." in text and "Nieuwe vacature" not in text
    assert "Nieuwe vacature" in page(client_for(steering).get(LIST))


def test_the_list_shows_running_vacancies_first_with_their_candidates(client_for, member, steering, people):
    cancelled = open_vacancy(steering, kind="secretary", title="Secretaris")
    vacancy_cancel(actor=steering, vacancy=cancelled)
    open_ = open_vacancy(steering)
    candidates(open_, people[:2])
    text = page(client_for(member).get(LIST))
    assert text.index("Lid regiegroep") < text.index("Secretaris")
    row = text[text.index("Lid regiegroep") :]
    assert "Open voor kandidaten" in row and '<td data-label="Kandidaten">2</td>' in row
    assert "Ingetrokken" in text


def add_vacancies(n: int, steering) -> None:
    kinds = ["steering_member", "chair", "secretary"]
    for number in range(n):
        vacancy = open_vacancy(steering, kind=kinds[number], title=f"Vacature {number}")
        candidates(vacancy, [UserFactory()])


@pytest.mark.parametrize("count", [1, 3])
def test_vacancy_list_query_count(client, django_assert_num_queries, member, steering, count):
    add_vacancies(count, steering)
    client.force_login(member)
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert response.status_code == 200
    assert page(response).count("Vacature ") == count


@pytest.mark.parametrize("count", [1, 3])
def test_vacancy_detail_query_count_while_nominating(client, django_assert_num_queries, member, steering, count):
    vacancy = open_vacancy(steering)
    candidates(vacancy, [UserFactory(full_name=f"Kandidaat {n}") for n in range(count)])
    client.force_login(member)
    with django_assert_num_queries(5):
        response = client.get(detail(vacancy))
    assert page(response).count('<strong><a href="/leden/') == count


@pytest.mark.parametrize("count", [2, 4])
def test_vacancy_detail_query_count_with_the_count(client, django_assert_num_queries, steering, count):
    vacancy = open_vacancy(steering, ranked=True)
    people = [UserFactory(full_name=f"Kandidaat {n}") for n in range(count)]
    start_election(vacancy, steering, people)
    votes(vacancy, [(2, people[:2]), (1, people[1:])])
    close_election(vacancy)
    client.force_login(steering)
    with django_assert_num_queries(7):
        response = client.get(detail(vacancy))
    text = page(response)
    assert f'Gekozen volgens de telling:</strong> <a href="/leden/{people[0].pk}/">Kandidaat 0</a>.' in text
    assert text.count('<strong><a href="/leden/') == count


# The detail page and nominating ------------------------------------------------------------------------


def test_members_see_candidates_and_their_own_nominations_only(client_for, steering, member, other_member, people):
    vacancy = open_vacancy(steering)
    candidates(vacancy, people[:1])
    nomination_create(actor=people[1], vacancy=vacancy, nominee=member, motivation="Gerda kan dit.")
    declined = nomination_create(actor=people[1], vacancy=vacancy, nominee=other_member)
    declined.status, declined.decided_at = "afgewezen", timezone.now()
    declined.save()
    text = page(client_for(member).get(detail(vacancy)))
    assert "Anna Bakker" in text and "Gerda Visser" in text and "Hans Bos" not in text
    assert "Voordracht aanvaarden" in text and "voorgedragen door Bert Claassen" in text
    assert "Gerda kan dit." in text
    assert "<strong>informatiemanager</strong>" in text  # the profile is Markdown
    assert "Hans Bos" not in page(client_for(people[0]).get(detail(vacancy)))
    steering_page = page(client_for(steering).get(detail(vacancy)))
    assert "Hans Bos" in steering_page and "afgewezen" in steering_page


def test_nominating_yourself_on_the_page(client_for, steering, member):
    vacancy = open_vacancy(steering)
    client = client_for(member)
    response = client.post(detail(vacancy), {"nominee": member.pk, "motivation": "Ik doe mee."}, follow=True)
    assert response.redirect_chain == [(detail(vacancy), 302)]
    assert "Je bent kandidaat. Succes!" in page(response)
    assert Nomination.objects.get().status == "aanvaard"
    form = page(response)[page(response).index("Kandidaat stellen of voordragen") :]
    assert f'value="{member.pk}"' not in form  # no second nomination offered


def test_nominating_someone_else_and_them_accepting(client_for, steering, member, other_member):
    vacancy = open_vacancy(steering)
    response = client_for(member).post(detail(vacancy), {"nominee": other_member.pk}, follow=True)
    assert "Hans Bos is voorgedragen en krijgt het verzoek om te aanvaarden." in page(response)
    nomination = Nomination.objects.get()
    assert client_for(member).post(reverse("governance:nomination-accept", args=[nomination.pk])).status_code == 403
    response = client_for(other_member).post(reverse("governance:nomination-accept", args=[nomination.pk]), follow=True)
    assert "Je hebt de voordracht aanvaard: je bent kandidaat." in page(response)
    nomination.refresh_from_db()
    assert nomination.status == "aanvaard"


def test_declining_and_withdrawing_through_the_pages(client_for, steering, member, other_member, people):
    vacancy = open_vacancy(steering)
    first = nomination_create(actor=member, vacancy=vacancy, nominee=other_member)
    response = client_for(other_member).post(reverse("governance:nomination-decline", args=[first.pk]), follow=True)
    assert "Je hebt de voordracht afgewezen." in page(response)
    second = nomination_create(actor=member, vacancy=vacancy, nominee=people[0])
    url = reverse("governance:nomination-withdraw", args=[second.pk])
    assert client_for(other_member).get(url).status_code == 403
    confirm = page(client_for(member).get(url))
    assert "Weet je zeker dat je de voordracht van Anna Bakker voor Lid regiegroep intrekt?" in confirm
    response = client_for(member).post(url, follow=True)
    assert "De voordracht is ingetrokken." in page(response)
    assert list(Nomination.objects.order_by("id").values_list("status", flat=True)) == ["afgewezen", "ingetrokken"]


def test_a_nomination_without_a_nominee_is_refused_and_writes_nothing(client_for, steering, member):
    vacancy = open_vacancy(steering)
    response = client_for(member).post(detail(vacancy), {"nominee": "", "motivation": "Hallo"})
    assert response.status_code == 400
    assert "Hallo" in page(response)
    assert not Nomination.objects.exists()


def test_nominating_after_the_last_day_is_refused(client_for, steering, member):
    vacancy = open_vacancy(steering)
    Vacancy.objects.filter(pk=vacancy.pk).update(nominations_open_until=day(-1))
    response = client_for(member).post(detail(vacancy), {"nominee": member.pk}, follow=True)
    assert str(MSG_NOT_OPEN) in page(response)
    assert "Kandidaat stellen of voordragen" not in page(response)
    assert not Nomination.objects.exists()


# The steering group's pages ----------------------------------------------------------------------------


def test_opening_a_vacancy_through_the_form(client_for, steering):
    data = {
        "kind": "chair",
        "title": "Voorzitter regiegroep",
        "profile": "Wij zoeken een verbinder.",
        "seats": "2",
        "nominations_open_until": day(7).isoformat(),
        "term_start": day(60).isoformat(),
    }
    client = client_for(steering)
    response = client.post(reverse("governance:vacancy-create"), data)
    assert response.status_code == 400
    assert str(MSG_ONE_SEAT) in page(response)
    assert not Vacancy.objects.exists() and not AuditEvent.objects.exists()
    response = client.post(reverse("governance:vacancy-create"), {**data, "seats": "1"})
    vacancy = Vacancy.objects.get()
    assert response["Location"] == detail(vacancy)
    assert (vacancy.kind, vacancy.seats, vacancy.ranked, vacancy.term_end) == ("chair", 1, False, None)


def test_a_vacancy_in_election_cannot_be_edited(client_for, steering, people):
    vacancy = open_vacancy(steering)
    start_election(vacancy, steering, people[:2])
    response = client_for(steering).get(reverse("governance:vacancy-edit", args=[vacancy.pk]), follow=True)
    assert response.redirect_chain == [(detail(vacancy), 302)]
    assert str(MSG_NOT_OPEN) in page(response)


def test_the_election_cannot_start_before_nominating_ends(client_for, steering, people):
    vacancy = open_vacancy(steering)
    candidates(vacancy, people[:2])
    response = client_for(steering).get(reverse("governance:election-start", args=[vacancy.pk]), follow=True)
    assert f"Voordragen kan nog tot en met {day(7):%d-%m-%Y}; daarna kan de verkiezing starten." in page(response)


def test_a_full_election_through_the_pages(client_for, steering, chair, member, people):
    vacancy = open_vacancy(steering, kind="chair", title="Voorzitter regiegroep", ranked=True, term_end=day(790))
    candidates(vacancy, people)
    Vacancy.objects.filter(pk=vacancy.pk).update(nominations_open_until=day(-1))
    boss = client_for(steering)
    start_url = reverse("governance:election-start", args=[vacancy.pk])
    form = page(boss.get(start_url))
    assert "Anna Bakker" in form and "Carla Dijkstra" in form
    closes = timezone.localtime() + 48 * HOUR
    response = boss.post(start_url, {"closes_at": closes.strftime("%Y-%m-%dT%H:%M")})
    poll = Poll.objects.get()
    assert response["Location"] == poll.get_absolute_url()

    # A member votes on the poll page with a ranking.
    voter = client_for(member)
    ballot = page(voter.get(poll.get_absolute_url()))
    assert "Dit is een geheime verkiezing" in ballot and f'href="{detail(vacancy)}"' in ballot
    question = poll.questions.get()
    anna, bert, carla = (Nomination.objects.get(nominee=p).option for p in people)
    data = {f"q{question.pk}-r{carla.pk}": "1", f"q{question.pk}-r{anna.pk}": "2", f"q{question.pk}-r{bert.pk}": ""}
    assert voter.post(poll.get_absolute_url(), data).status_code == 302
    assert sorted(Ballot.objects.get().answers.values_list("option__label", "value"), key=lambda r: r[1]) == [
        (carla.label, 1),
        (anna.label, 2),
    ]
    assert Ballot.objects.get().participation is None
    text = page(voter.get(detail(vacancy)))
    assert "Je hebt gestemd." in text and "De telling" not in text  # the result stays hidden until it closes
    assert "De uitslag is zichtbaar na de sluiting" in page(voter.get(reverse("polls:poll-results", args=[poll.pk])))
    vacancy.refresh_from_db()
    votes(vacancy, [(2, [people[2], people[1]]), (2, [people[1]]), (1, [people[0], people[1]])])

    # The steering group closes early, and confirms.
    close_url = reverse("governance:election-close", args=[vacancy.pk])
    assert "Weet je zeker dat je de verkiezing voor Voorzitter regiegroep nu sluit?" in page(boss.get(close_url))
    boss.post(close_url)
    text = page(voter.get(detail(vacancy)))
    # Carla 3, Bert 2, Anna 1 → Anna drops out and passes to Bert: 3–3, a tie that decides the winner.
    assert "Ronde 1" in text and "Ronde 2" in text and "valt af" in text
    # The names link to the profiles; the sentence reads the same without the links.
    assert "Gelijke stand." in text and "de regiegroep kiest uit: Bert Claassen, Carla Dijkstra." in strip_tags(text)
    confirm_url = reverse("governance:result-confirm", args=[vacancy.pk])
    response = boss.post(confirm_url, {"elected": [Nomination.objects.get(nominee=people[0]).pk]})
    assert response.status_code == 400
    assert "Bij deze gelijke stand kies je 1 uit Bert Claassen, Carla Dijkstra" in page(response)
    response = boss.post(confirm_url, {"elected": [Nomination.objects.get(nominee=people[2]).pk]}, follow=True)
    assert response.redirect_chain == [(detail(vacancy), 302)]
    text = page(response)
    assert "De uitslag is bevestigd" in text and "Carla Dijkstra" in text[text.index("Gekozen") :]
    new_chair = Position.objects.get(user=people[2])
    assert (new_chair.kind, new_chair.start_date, new_chair.end_date) == ("chair", day(60), day(790))
    assert Position.objects.get(user=chair).end_date == day(59)
    register = page(client_for(member).get(reverse("members:steering-group")))
    assert "Carla Dijkstra" in register[register.index("Binnenkort") :]


def test_cancelling_through_the_confirmation_page(client_for, steering, people):
    vacancy = open_vacancy(steering)
    url = reverse("governance:vacancy-cancel", args=[vacancy.pk])
    client = client_for(steering)
    assert "Weet je zeker dat je de vacature Lid regiegroep intrekt?" in page(client.get(url))
    response = client.post(url, {"reason": "Niet meer nodig."}, follow=True)
    assert "De vacature is ingetrokken." in page(response) and "Niet meer nodig." in page(response)
    assert Vacancy.objects.get().status == "ingetrokken"
    assert client.get(url)["Location"] == detail(vacancy)
