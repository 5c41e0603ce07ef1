from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo and national-scale data for development, tests and benchmarks; never loaded in production."""

    name = "koers.devdata"
    label = "devdata"
