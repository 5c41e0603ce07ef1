"""Calls and polls, with the national survey that holds most of the answers.

A step of ``manage.py load_scale``: see koers.devdata.scale.
"""

import bisect
import datetime
import itertools
import random
from collections import Counter, defaultdict

from koers.meetings.models import Meeting, Registration
from koers.polls.models import Answer, Ballot, Call, Option, Participation, Poll, Question, SignUp

from .base import DEMO_DOMAIN, Keys, Scale
from .words import OPEN_TEXTS, POLL_SUBJECTS, QUICK_QUESTIONS, SURVEY_QUESTIONS, SURVEY_SERVICES

BIG_POLL_BALLOTS = 200_000  # the national survey, four answers a ballot on average
NATIONAL_SURVEY = "Landelijke enquête digitalisering in het mbo"
SCALE, SCALE_WEIGHTS = [1, 2, 3, 4, 5], list(itertools.accumulate([1, 2, 4, 5, 3]))


def calls(data: Scale, n: int) -> str:
    """Calls for volunteers, some with their sign-ups turned into a working group later (see advice)."""
    rng = data.rng("calls", Call.objects.count())
    calls, signups = [], []
    for pk in data.loader.ids(Call, n):
        _, theme_name, _ = theme = rng.choice(data.theme_rows)
        closes = data.today + datetime.timedelta(days=rng.randint(-900, 40))
        created = min(data.at(closes - datetime.timedelta(days=rng.randint(14, 40))), data.base)
        wanted = rng.randint(2, 8)
        calls.append(
            {
                "id": pk,
                "title": f"Wie denkt mee over {theme_name.lower()}?",
                "text": f"We zoeken {wanted} leden voor een werkgroep over {theme_name.lower()}.",
                "theme": theme[0],
                "wanted": wanted,
                "closes_on": closes,
                "created_by": rng.choice(data.steering),
                "created_at": created,
            }
        )
        for user in rng.sample(data.people, min(len(data.people), rng.randint(0, wanted + 3))):
            moment = data.between(rng, created, min(created + datetime.timedelta(days=13), data.base))
            motivation = rng.choice(["", "Ik heb hier ervaring mee.", "Graag!"])
            signups.append({"call": pk, "user": user, "motivation": motivation, "created_at": moment})
    data.loader.add(Call, calls)
    data.loader.add(SignUp, signups)
    return f"+{len(calls):,}, {len(signups):,} sign-ups"


def polls(data: Scale, wanted: tuple[int, int]) -> str:
    """New polls with exactly the missing answers: one national survey with most, and many smaller polls."""
    n, budget = wanted
    rng = data.rng("polls", Poll.objects.count())
    big_ballots = min(max(round(BIG_POLL_BALLOTS * data.scale), 1), budget // 4) if n else 0
    poll_ids = data.loader.ids(Poll, n)
    big_id = poll_ids.pop(0) if big_ballots else None
    # Ballots, answers and who took part (per ballot, also in anonymous polls, where they are not linked).
    data.participations, data.ballots, data.answers = [], [], []
    data.ballot_keys = Keys(data.rng("ballot-keys", Poll.objects.count()), budget // 2 + 16)
    data.answer_keys = Keys(data.rng("answer-keys", Poll.objects.count()), budget + 16)
    meetings = meeting_attendees(data)
    plans = [small_poll(data, rng, pk, meetings) for pk in poll_ids]
    # The smaller polls share what the national survey leaves, each up to its voters.
    voting = [plan for plan in plans if plan["state"] in ("open", "closed")]
    remaining = budget - 4 * big_ballots
    for k, plan in enumerate(voting):
        share = remaining if k == len(voting) - 1 else round(remaining / (len(voting) - k) * rng.uniform(0.3, 1.7))
        remaining -= fill_poll(data, rng, plan, min(remaining, share))
    polls = [plan["poll"] for plan in plans]
    questions = [question for plan in plans for question in plan["questions"]]
    options = [option for plan in plans for option in plan["options"]]
    survey = ""
    if big_id is not None:  # the national survey takes the rest, so that the total comes out exactly
        survey = big_poll(data, rng, big_id, big_ballots, 4 * big_ballots + remaining, polls, questions, options)
    elif remaining:  # no new survey: the latest one gets more respondents
        more = more_survey_ballots(data, rng, remaining)
        survey = f" ({more:,} more for the national survey)" if more else ""
    data.loader.add(Poll, polls)
    data.loader.add(Question, questions)
    data.loader.add(Option, options)
    with data.loader.bulk_tables(Participation, Ballot, Answer):
        participation_fields = ["id", "poll", "user", "institution", "unit_key", "created_at"]
        data.loader.insert(Participation, participation_fields, data.participations)
        data.loader.insert(Ballot, ["id", "poll", "participation", "dots_used", "dots_budget"], data.ballots)
        written = data.loader.insert(Answer, ["id", "ballot", "question", "option", "value", "text"], data.answers)
    ballots = len(data.ballots)
    del data.participations, data.ballots, data.answers
    return f"+{n:,}, {ballots:,} ballots, {written:,} answers{survey}"


def meeting_attendees(data: Scale) -> list[tuple[int, datetime.datetime, datetime.datetime, list[int]]]:
    """Past meetings with the generated members registered: polls for attendees are held there."""
    attendees = defaultdict(list)
    registered = Registration.objects.filter(meeting__status="afgelopen", status="aangemeld")
    registered = registered.exclude(user__email__endswith=DEMO_DOMAIN).order_by("meeting_id", "user_id")
    for meeting, user in registered.values_list("meeting_id", "user_id"):
        attendees[meeting].append(user)
    meetings = Meeting.objects.filter(pk__in=list(attendees)).order_by("pk").values_list("pk", "starts_at", "ends_at")
    return [(pk, starts, ends, attendees[pk]) for pk, starts, ends in meetings]


def small_poll(data: Scale, rng: random.Random, pk: int, meetings: list) -> dict:
    """A quick poll, survey or dot vote: open, closed, planned or a draft, with its questions and options."""
    kind = rng.choices(["peiling", "enquete", "stipstemming"], [45, 40, 15])[0]
    state = rng.choices(["closed", "open", "planned", "concept"], [60, 25, 7, 8])[0]
    audience = rng.choices(["leden", "deelnemers", "regiegroep"], [85, 10, 5])[0]
    steering = [user for user in data.steering if user is not None]
    if (audience == "deelnemers" and not meetings) or (audience == "regiegroep" and not steering):
        audience = "leden"
    if audience != "leden":
        state = "closed"  # attendees vote at the meeting; the steering accounts are the demo's, not to block
    unit = "instelling" if audience == "leden" and rng.random() < 0.15 else "lid"
    anonymous = rng.random() < 0.2
    subject = rng.choice(POLL_SUBJECTS)
    theme = rng.choice(data.theme_rows) if rng.random() < 0.5 else None
    meeting, voters = None, None
    if audience == "deelnemers":
        meeting = rng.choice(meetings)
        _, opens, closes, voters = meeting
    elif state == "closed":
        opens = data.ago(rng, 20, 1500)
        closes = min(opens + datetime.timedelta(days=rng.randint(7, 28)), data.base - datetime.timedelta(hours=1))
    elif state == "open":
        opens = data.ago(rng, 1, 14)
        closes = data.at(data.today + datetime.timedelta(days=rng.randint(1, 21)), 17)
    else:
        opens = data.at(data.today + datetime.timedelta(days=rng.randint(3, 30)), 9)
        closes = opens + datetime.timedelta(days=rng.randint(7, 21))
    if audience == "regiegroep":
        voters = steering
    published = None if state == "concept" else opens - datetime.timedelta(days=1)
    dots = rng.randint(3, 5) if kind == "stipstemming" else None
    title = {
        "peiling": f"Peiling: {subject}",
        "enquete": f"Enquête over {subject}",
        "stipstemming": f"Stipstemming: waar beginnen we met {subject}?",
    }[kind]
    outcome = state == "closed" and rng.random() < 0.4
    if state == "closed":
        reminded = closes - datetime.timedelta(hours=24)
    elif state == "open" and closes <= data.base + datetime.timedelta(days=2):
        reminded = data.base  # closing soon: reminded already, so that loading sends no mail later
    else:
        reminded = None
    if kind == "peiling":
        layout = [rng.choice(QUICK_QUESTIONS)]
    elif kind == "enquete":
        layout = rng.sample(SURVEY_QUESTIONS, rng.randint(2, 5))
    else:
        layout = [("stippen", title, [])]
    questions, options, spec = [], [], []
    for position, (qid, (qkind, text, labels)) in enumerate(
        zip(data.loader.ids(Question, len(layout)), layout, strict=True), start=1
    ):
        max_choices = {"meer": rng.choice([None, 2, 3]), "rangorde": rng.choice([None, 3])}.get(qkind)
        questions.append(
            {
                "id": qid,
                "poll": pk,
                "position": position,
                "text": text.format(s=subject),
                "kind": qkind,
                "required": qkind != "open",
                "max_choices": max_choices,
            }
        )
        choices: list[tuple[str, int | None]]  # (label, theme) per option
        if qkind == "stippen":
            choices = [(name, theme_id) for theme_id, name, _ in rng.sample(data.theme_rows, rng.randint(5, 9))]
        else:
            choices = [(label, None) for label in labels]
        option_ids = data.loader.ids(Option, len(choices))
        for oposition, (oid, (label, otheme)) in enumerate(zip(option_ids, choices, strict=True), start=1):
            options.append({"id": oid, "question": qid, "position": oposition, "label": label, "theme": otheme})
        weights = list(itertools.accumulate(rng.random() ** 2 + 0.05 for _ in choices))  # some options win
        spec.append((qid, qkind, option_ids, weights, max_choices))
    poll = {
        "id": pk,
        "title": title,
        "description": f"Laat weten wat je vindt van {subject}.",
        "kind": kind,
        "audience": audience,
        "unit": unit,
        "anonymous": anonymous,
        "visibility": rng.choice(["altijd", "na_stemmen", "na_sluiting"]),
        "opens_at": opens,
        "closes_at": closes,
        "quorum": 50 if unit == "instelling" and rng.random() < 0.3 else None,
        "allow_change": not anonymous and rng.random() < 0.7,
        "dots": dots,
        "max_per_option": rng.choice([None, 2]) if dots else None,
        "theme": theme[0] if theme else None,
        "meeting": meeting[0] if meeting else None,
        "published_at": published,
        "outcome": f"Conclusie over {subject}: het netwerk pakt dit samen op." if outcome else "",
        "outcome_at": closes + datetime.timedelta(days=2) if outcome else None,
        "opening_sent_at": opens if state in ("open", "closed") else None,
        "reminder_sent_at": reminded,
        "created_by": rng.choice(data.steering),
        "created_at": (published or data.base) - datetime.timedelta(days=rng.randint(1, 10)),
    }
    return {
        "poll": poll,
        "questions": questions,
        "options": options,
        "state": state,
        "spec": spec,
        "voters": voters,
        "closes": min(closes, data.base),
    }


def fill_poll(data: Scale, rng: random.Random, plan: dict, target: int) -> int:
    """Ballots for one poll, up to ``target`` answers; returns how many answers it got."""
    poll = plan["poll"]
    if poll["unit"] == "instelling":  # one ballot per college, by one of its members
        voters = []
        for college in rng.sample(data.institution_ids, len(data.institution_ids)):
            members = [pk for pk in data.by_institution.get(college, []) if pk in data.people_set]
            if members:
                voters.append(rng.choice(members))
    else:
        pool = plan["voters"] if plan["voters"] is not None else data.people
        voters = rng.sample(pool, len(pool))
    used, ballots = 0, []
    for user in voters:
        answers, dots_used = ballot_answers(data, rng, plan)
        if used + len(answers) > target:
            break
        used += len(answers)
        ballots.append((user, answers, dots_used))
    for pid, (user, answers, dots_used) in zip(data.loader.ids(Participation, len(ballots)), ballots, strict=True):
        institution = data.institution_of.get(user)
        key = f"i:{institution}" if poll["unit"] == "instelling" else f"u:{user}"
        moment = data.between(rng, poll["opens_at"], plan["closes"])
        data.participations.append((pid, poll["id"], user, institution, key, moment))
        ballot = data.ballot_keys.next()
        linked = None if poll["anonymous"] else pid
        data.ballots.append((ballot, poll["id"], linked, dots_used, poll["dots"] or 0))
        for question, option, value, text in answers:
            data.answers.append((data.answer_keys.next(), ballot, question, option, value, text))
    return used


# One answer of a ballot: (question, option, value, text).
AnswerRow = tuple[int, int | None, int | None, str]


def ballot_answers(data: Scale, rng: random.Random, plan: dict) -> tuple[list[AnswerRow], int]:
    """One voter's answers (question, option, value, text) and the dots they used."""
    poll = plan["poll"]
    answers: list[AnswerRow] = []
    dots_used = 0
    for qid, kind, option_ids, weights, max_choices in plan["spec"]:
        if kind == "een":
            answers.append((qid, rng.choices(option_ids, cum_weights=weights)[0], None, ""))
        elif kind in ("meer", "rangorde"):
            chosen = []
            for _ in range(rng.randint(1, min(len(option_ids), max_choices or 3, 3))):
                pick = rng.choices(option_ids, cum_weights=weights)[0]
                if pick not in chosen:
                    chosen.append(pick)
            for rank, option in enumerate(chosen, start=1):
                answers.append((qid, option, rank if kind == "rangorde" else None, ""))
        elif kind == "schaal":
            answers.append((qid, None, rng.choices(SCALE, cum_weights=SCALE_WEIGHTS)[0], ""))
        elif kind == "open":
            if rng.random() < 0.5:  # not required: half leave it empty
                answers.append((qid, None, None, rng.choice(OPEN_TEXTS)))
        elif kind == "stippen":
            allocation: Counter[int] = Counter()
            limit = poll["max_per_option"]
            for _ in range(poll["dots"]):
                pick = rng.choices(option_ids, cum_weights=weights)[0]
                if limit and allocation[pick] >= limit:
                    pick = next((o for o in option_ids if allocation[o] < limit), None)
                if pick is not None:
                    allocation[pick] += 1
            dots_used = sum(allocation.values())
            answers += [(qid, option, count, "") for option, count in sorted(allocation.items())]
    return answers, dots_used


def big_poll(data: Scale, rng, pk: int, ballots: int, total: int, polls: list, questions: list, options: list) -> str:
    """The national survey: per ballot a choice, one to three choices, a scale value and sometimes a remark."""
    opens = data.at(data.today - datetime.timedelta(days=60), 9)
    closes = data.at(data.today - datetime.timedelta(days=20), 17)
    editions = Poll.objects.filter(title__startswith=NATIONAL_SURVEY).count()  # a top-up adds another
    polls.append(
        {
            "id": pk,
            "title": f"{NATIONAL_SURVEY} ({editions + 1})" if editions else NATIONAL_SURVEY,
            "description": "Een enquête onder alle medewerkers van de instellingen: wat gebruik je, wat vind je "
            "ervan en wat moet beter?",
            "kind": "enquete",
            "audience": "leden",
            "unit": "lid",
            "anonymous": True,
            "visibility": "na_sluiting",
            "opens_at": opens,
            "closes_at": closes,
            "quorum": None,
            "allow_change": False,
            "dots": None,
            "max_per_option": None,
            "theme": None,
            "meeting": None,
            "published_at": opens - datetime.timedelta(days=1),
            "outcome": "De uitkomsten gaan naar de Adviesraad Digitalisering.",
            "outcome_at": closes + datetime.timedelta(days=3),
            "opening_sent_at": opens,
            "reminder_sent_at": closes - datetime.timedelta(hours=24),
            "created_by": data.steering[0],
            "created_at": opens - datetime.timedelta(days=7),
        }
    )
    q = data.loader.ids(Question, 4)
    for position, (text, kind, required, max_choices) in enumerate(
        [
            ("Welk thema heeft voor jouw instelling de hoogste prioriteit?", "een", True, None),
            ("Welke voorzieningen gebruik je elke week?", "meer", True, 3),
            ("Hoe tevreden ben je over de digitale voorzieningen van je instelling?", "schaal", True, None),
            ("Wat zou je verbeteren?", "open", False, None),
        ]
    ):
        questions.append(
            {
                "id": q[position],
                "poll": pk,
                "position": position + 1,
                "text": text,
                "kind": kind,
                "required": required,
                "max_choices": max_choices,
            }
        )
    first = [(name, theme) for theme, name, _ in data.theme_rows[:6]]
    second = [(label, None) for label in SURVEY_SERVICES]
    first_ids, second_ids = data.loader.ids(Option, len(first)), data.loader.ids(Option, len(second))
    for question, ids, labels in ((q[0], first_ids, first), (q[1], second_ids, second)):
        for position, (oid, (label, theme)) in enumerate(zip(ids, labels, strict=True), start=1):
            options.append({"id": oid, "question": question, "position": position, "label": label, "theme": theme})
    survey = (pk, q, first_ids, second_ids, opens, closes)
    ballots = survey_ballots(data, rng, survey, ballots, total, members=True)
    return f" (national survey: {ballots:,} ballots)"


def more_survey_ballots(data: Scale, rng, total: int) -> int:
    """Answers without new polls to hold them (a top-up at the same number of polls): more for the survey."""
    poll = Poll.objects.filter(title__startswith=NATIONAL_SURVEY).order_by("-pk").first()
    if poll is None or total < 3:
        return 0
    q = list(poll.questions.order_by("position").values_list("pk", flat=True))
    first_ids, second_ids = (
        list(Option.objects.filter(question=question).order_by("position").values_list("pk", flat=True))
        for question in q[:2]
    )
    survey = (poll.pk, q, first_ids, second_ids, poll.opens_at, poll.closes_at)
    offset = Participation.objects.filter(poll=poll).count()
    return survey_ballots(data, rng, survey, max(1, total // 4), total, members=False, offset=offset)


def survey_ballots(data: Scale, rng, survey: tuple, ballots: int, total: int, *, members: bool, offset: int = 0) -> int:
    """``total`` answers exactly in about ``ballots`` ballots; returns the number of ballots.

    Two choices and no remark make four answers; ballots with one choice or three (balanced), then remarks,
    make up the difference.
    """
    pk, q, first_ids, second_ids, opens, closes = survey
    extra = total - 4 * ballots
    while extra > 2 * ballots:
        ballots += 1
        extra -= 4
    third, remarks = min(max(extra, 0), ballots), max(0, extra - ballots)
    fewer = max(0, -extra)  # only when a few answers are to be spread over more ballots than they fill
    one = min(round(0.2 * ballots), (ballots - third - fewer) // 2)
    choices = [1] * (one + fewer) + [3] * (one + third) + [2] * (ballots - 2 * one - third - fewer)
    rng.shuffle(choices)
    with_remark = set(rng.sample(range(ballots), remarks))
    # Who took part: members first, then respondents without an account here (keys that match no member).
    people = rng.sample(data.people, min(len(data.people), ballots)) if members else []
    span = (closes - opens).total_seconds()
    for k, pid in enumerate(data.loader.ids(Participation, ballots)):
        moment = opens + datetime.timedelta(seconds=span * rng.random())
        if k < len(people):
            user = people[k]
            data.participations.append((pid, pk, user, data.institution_of[user], f"u:{user}", moment))
        else:
            institution = rng.choices(data.institution_ids, data.institution_weights)[0]
            data.participations.append((pid, pk, None, institution, f"u:s{offset + k}", moment))
    # The hot loop: weighted draws by bisection, the choices from all subsets of one, two or three services.
    cumulative = list(itertools.accumulate(rng.random() ** 2 + 0.05 for _ in first_ids))
    subsets = {size: list(itertools.combinations(second_ids, size)) for size in (1, 2, 3)}
    random_, bisect_ = rng.random, bisect.bisect
    ballot_rows, answers = data.ballots, data.answers
    ballot_key, answer_key = data.ballot_keys.next, data.answer_keys.next
    for k in range(ballots):
        ballot = ballot_key()
        ballot_rows.append((ballot, pk, None, 0, 0))
        choice = first_ids[bisect_(cumulative, random_() * cumulative[-1])]
        answers.append((answer_key(), ballot, q[0], choice, None, ""))
        subset = subsets[choices[k]]
        for option in subset[int(random_() * len(subset))]:
            answers.append((answer_key(), ballot, q[1], option, None, ""))
        value = 1 + bisect_(SCALE_WEIGHTS, random_() * SCALE_WEIGHTS[-1])
        answers.append((answer_key(), ballot, q[2], None, value, ""))
        if k in with_remark:
            answers.append((answer_key(), ballot, q[3], None, None, OPEN_TEXTS[int(random_() * len(OPEN_TEXTS))]))
    return ballots
