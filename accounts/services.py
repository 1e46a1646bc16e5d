"""Account writes shared by management commands and tests."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation

from .roles import ROLE_LABELS, ROLE_PERMISSIONS

# Django's default permissions, as the custom ones read ("يمكنه نشر المقالات...").
ACTION_WORDS = {"add": "إضافة", "change": "تعديل", "delete": "حذف", "view": "عرض"}


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Make each role's group hold exactly the permissions in roles.py; idempotent.

    Each group is named by the role's Arabic label."""
    applied = {}
    for role, labels in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=ROLE_LABELS[role])
        permissions = [_permission(label) for label in labels]
        group.permissions.set(permissions)
        applied[role] = len(permissions)
    return applied


@transaction.atomic
def name_permissions_in_arabic() -> int:
    """Name every model's default permissions in Arabic; returns how many changed.

    Django stores "Can add article", and the group and user pages list those names:
    they become "يمكنه إضافة مقال". Idempotent (three queries when nothing changes)."""
    models = apps.get_models()
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    wanted = {}
    with translation.override("ar"):
        for model, content_type in types.items():
            meta = model._meta
            for action in meta.default_permissions:
                if action in ACTION_WORDS:
                    name = f"يمكنه {ACTION_WORDS[action]} {meta.verbose_name}"
                    wanted[content_type.pk, f"{action}_{meta.model_name}"] = name[:255]
    changed = []
    for permission in Permission.objects.filter(content_type__in=types.values()):
        name = wanted.get((permission.content_type_id, permission.codename))
        if name and permission.name != name:
            permission.name = name
            changed.append(permission)
    Permission.objects.bulk_update(changed, ["name"])
    return len(changed)


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
