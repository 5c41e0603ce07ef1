from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

MACHINE_PATHS = ("/api/", "/oeapi/")


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless someone chose otherwise (language switch or profile), whatever the browser prefers.

    The network works in Dutch; an English browser should not silently get a half-familiar interface.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path_info.startswith(MACHINE_PATHS) and "HTTP_ACCEPT_LANGUAGE" in request.META:
            # Scripts have no language switch: there the Accept-Language header chooses.
            language = translation.get_language_from_request(request)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class MemberLanguageMiddleware:
    """Speak a signed-in member's chosen language unless this browser explicitly chose another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language != request.LANGUAGE_CODE
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
