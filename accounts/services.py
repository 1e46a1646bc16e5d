"""Account writes shared by management commands and tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from .roles import ROLE_LABELS, ROLE_PERMISSIONS


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Make each role's group (named by its Arabic label) hold exactly the permissions
    in roles.py; idempotent."""
    applied = {}
    for role, labels in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=ROLE_LABELS[role])
        permissions = [_permission(label) for label in labels]
        group.permissions.set(permissions)
        applied[role] = len(permissions)
    return applied


@transaction.atomic
def create_staff_user(*, username: str, email: str, password: str, role: str):
    """Create a staff account holding one role (its group); the role must exist."""
    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"unknown role {role!r}")
    group = Group.objects.get(name=ROLE_LABELS[role])
    User = get_user_model()
    # The validators in settings (length, common, numeric, like the username) apply
    # to staff accounts made here as they do in the admin's forms.
    validate_password(password, User(username=username, email=email))
    user = User.objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    user.groups.add(group)
    return user
