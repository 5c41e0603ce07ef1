"""Static files in production: hashed and compressed (WhiteNoise), each URL worked out once per process."""

from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]  # no type information shipped


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The manifest does not change while the process runs, so neither does a file's hashed URL: every page
    asks for the same dozen (the base template's stylesheets, scripts and icons), each once per process."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
