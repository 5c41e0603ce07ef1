"""Serializer pieces more than one endpoint uses: strict input, a service's refusal as a 403 with its reason,
a person by name, the institution a write is for, choice sets documented as one named enum, and a poll's
results (the polls endpoint and a meeting's report show them alike)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from koers.polls import selectors as poll_selectors
from koers.polls.kinds.base import QuestionResult
from koers.polls.models import Poll

MSG_UNKNOWN_FIELD = _("Dit veld bestaat hier niet.")


@contextmanager
def service_reasons() -> Iterator[None]:
    """A service's refusal keeps its reason (e.g. who may take a step) in the error body's ``detail``."""
    try:
        yield
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error) or None) from error


class StrictInput(serializers.Serializer):
    """Refuses fields it does not know, so that nothing sent is silently ignored (e.g. a status in a PATCH)."""

    unknown_field_messages: dict = {}

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        unknown = [name for name in self.initial_data if name not in self.fields]
        if unknown:
            raise serializers.ValidationError(
                {name: [self.unknown_field_messages.get(name, MSG_UNKNOWN_FIELD)] for name in unknown}
            )
        return super().validate(data)


def many_data(
    serializer_class: type[serializers.BaseSerializer], instances: Iterable[Any], **kwargs: Any
) -> list[dict[str, Any]]:
    """``serializer_class(instances, many=True, **kwargs).data``, typed as the list it is (the stubs say a dict)."""
    return serializer_class(instances, many=True, **kwargs).data


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


# Enums documented once ---------------------------------------------------------------------------------


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as one named enum component (``enum_name``).

    drf-spectacular otherwise names enums after the field, and warns when "kind" or "status" mean
    different choice sets in different serializers (polls, questions, agenda items, projects ...).
    """

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        choices = self.target.choices
        return {
            "type": "string",
            "enum": list(choices),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.items()),
        }


# A poll's results -----------------------------------------------------------------------------------------------


class PollScaleOut(serializers.Serializer):
    value = serializers.IntegerField()
    count = serializers.IntegerField()
    share = serializers.FloatField()


class PollOptionResultOut(serializers.Serializer):
    option = serializers.IntegerField(source="option.pk")
    # The serializer's metaclass takes declared fields out of the class, so this never hides Field.label (the
    # field's own caption), as the stubs, which know no declared fields, assume.
    label = serializers.CharField(source="option.label")  # type: ignore[assignment]
    count = serializers.IntegerField(help_text=_("Stemmen; bij een rangorde: hoe vaak de optie eerste keus was."))
    dots = serializers.IntegerField(help_text=_("Stippen (bij een stipstemming)."))
    share = serializers.FloatField(help_text=_("Procent van de respondenten; bij een stipstemming van alle stippen."))
    place = serializers.SerializerMethodField(
        help_text=_("Plaats in een stipstemming; gelijke stippen delen een plaats.")
    )

    def get_place(self, row) -> int | None:
        return row.place or None


class PollQuestionResultOut(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    respondents = serializers.IntegerField()
    options = PollOptionResultOut(many=True)
    scale = serializers.SerializerMethodField()
    mean = serializers.FloatField(allow_null=True)
    texts = serializers.ListField(child=serializers.CharField(), help_text=_("Open antwoorden (hoogstens 200)."))
    more_texts = serializers.IntegerField(help_text=_("Open antwoorden die niet in texts staan."))

    @extend_schema_field(PollScaleOut(many=True))
    def get_scale(self, row: QuestionResult) -> list[dict[str, Any]]:
        rows = [{"value": v, "count": n, "share": s} for v, n, s in row.scale]
        return serializers.ListSerializer(rows, child=PollScaleOut()).data


class PollTurnoutOut(serializers.Serializer):
    """Who took part; once the poll is closed, against the institutions as they were at its closing."""

    respondents = serializers.IntegerField()
    institutions = serializers.IntegerField()
    audience_institutions = serializers.IntegerField(
        help_text=_("Instellingen die mee kunnen doen (met een actief lid in de doelgroep); vast na de sluiting.")
    )
    quorum = serializers.IntegerField(
        allow_null=True, help_text=_("Procent van de instellingen, of geen; vast na de sluiting.")
    )
    quorum_met = serializers.BooleanField(allow_null=True)


class PollResultsOut(PollTurnoutOut):
    outcome = serializers.CharField(help_text=_("De conclusie van de regiegroep na de sluiting (Markdown)."))
    questions = PollQuestionResultOut(many=True)


def results_out(poll: Poll, results: poll_selectors.Results | None = None) -> dict:
    """The tally of a poll (counted here unless given) with its conclusion, as the results page shows it."""
    results = results if results is not None else poll_selectors.results(poll=poll)
    return {**vars(results), "outcome": poll.outcome}
