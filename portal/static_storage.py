"""Static files in production: whitenoise's storage, each file's URL worked out once."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

_MAX_URLS = 1024  # names come from templates, never from a request; bounded anyway


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """`url()` remembers each name's hashed URL for the life of the process.

    The manifest is read when the process starts, after `collectstatic`, so a name's URL
    cannot change while it runs. Working it out again (manifest lookup, quoting,
    joining) for the six `{% static %}` tags of every page was about 5 % of an article
    page served with its kept parts (`bench/profile_page.py`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name, force=False):
        key = (name, force)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)
            if len(self._urls) >= _MAX_URLS:
                self._urls.clear()
            self._urls[key] = url
        return url
