"""How a session finds its member: Django's model backend, reading the member and the facts every page needs about
them (``koers.members.viewer``) in one query instead of two."""

from django.contrib.auth.backends import ModelBackend

from koers.members.viewer import signed_in

PATH = "koers.accounts.backends.MemberBackend"  # as a session and AUTHENTICATION_BACKENDS name it


class MemberBackend(ModelBackend):
    """Signs in with e-mail address and password and holds the permissions, as Django's ModelBackend does."""

    def get_user(self, user_id):
        user = signed_in(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
