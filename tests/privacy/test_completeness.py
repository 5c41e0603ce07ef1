"""Nothing personal can be forgotten: every field in Koers that points at a person is declared by the
personal_data module of one app, and every app's module is called."""

import importlib
import importlib.util

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from koers.privacy.services import PERSONAL_DATA


def _fields_pointing_at_a_person(all_models) -> set[str]:
    """Forward ForeignKey, OneToOneField and ManyToManyField fields to the user model."""
    User = get_user_model()
    return {
        f"{model._meta.label}.{field.name}"
        for model in all_models
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model is User
    }


def _declared() -> list[str]:
    return [name for module in PERSONAL_DATA for name in module.USER_FIELDS]


def test_every_field_pointing_at_a_person_is_declared():
    assert sorted(_fields_pointing_at_a_person(apps.get_models()) - set(_declared())) == []


def test_every_declared_field_points_at_a_person():
    assert sorted(set(_declared()) - _fields_pointing_at_a_person(apps.get_models())) == []


def test_each_field_is_declared_by_one_app():
    declared = _declared()
    assert sorted(name for name in set(declared) if declared.count(name) > 1) == []


def test_the_check_sees_every_kind_of_relation_to_a_person():
    User = get_user_model()
    with isolate_apps("koers.privacy"):

        class Diary(models.Model):
            owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
            twin = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
            readers = models.ManyToManyField(User, related_name="+")
            title = models.CharField(max_length=10)

            class Meta:
                app_label = "privacy"

            def __str__(self) -> str:
                return self.title

        found = _fields_pointing_at_a_person([Diary])
    assert sorted(found) == ["privacy.Diary.owner", "privacy.Diary.readers", "privacy.Diary.twin"]


def test_every_apps_personal_data_module_is_called():
    modules = {
        importlib.import_module(f"{config.name}.personal_data")
        for config in apps.get_app_configs()
        if config.name.startswith("koers.") and importlib.util.find_spec(f"{config.name}.personal_data")
    }
    assert modules == set(PERSONAL_DATA)
    assert len(PERSONAL_DATA) == len(modules)
