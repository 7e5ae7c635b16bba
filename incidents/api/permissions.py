from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly

PUBLISH_PERMISSION = "incidents.publish_incident"
SEE_UNPUBLISHED_PERMISSION = "incidents.view_incident"


class ModelPermissionsOrReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; writes need the model's add/change permission (the admin's groups)."""


def can_publish(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Return whether `user` may change an incident's review state (the Reviewers group)."""
    return user.is_authenticated and user.has_perm(PUBLISH_PERMISSION)


def can_see_unpublished(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Return whether `user` may read drafts, hidden and merged incidents."""
    return user.is_authenticated and user.has_perm(SEE_UNPUBLISHED_PERMISSION)
