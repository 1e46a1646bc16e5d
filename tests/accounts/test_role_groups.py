"""Role groups carry Arabic names, the names staff read in the admin; groups made under
the old English names are renamed in place by accounts/migrations/0002."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import ROLE_LABELS
from tests.factories import make_editor, make_superuser, make_writer

pytestmark = pytest.mark.django_db

ARABIC_NAMES = {"محرر", "كاتب", "مشرف التعليقات"}
migration = importlib.import_module("accounts.migrations.0002_arabic_role_group_names")


def test_sync_roles_names_every_group_in_arabic():
    call_command("sync_roles")
    assert set(Group.objects.values_list("name", flat=True)) == ARABIC_NAMES
    assert set(ROLE_LABELS.values()) == ARABIC_NAMES


def test_the_admin_shows_staff_the_arabic_group_names(client):
    writer = make_writer()
    client.force_login(make_superuser())
    groups = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert all(name in groups for name in ARABIC_NAMES)
    user_page = client.get(
        reverse("admin:accounts_user_change", args=[writer.pk])
    ).content.decode()
    assert "مشرف التعليقات" in user_page and ">Writer<" not in user_page


def test_migration_renames_the_english_groups_in_place():
    writer = make_writer()
    group = writer.groups.get()
    group.name = "Writer"  # as sync_roles made it before this migration
    group.save()
    permissions = set(group.permissions.all())

    migration.to_arabic(apps, None)

    group.refresh_from_db()
    assert group.name == "كاتب"
    assert set(writer.groups.all()) == {group}
    assert set(group.permissions.all()) == permissions
    call_command("sync_roles")  # finds it under its new name: no second group
    assert Group.objects.filter(name="كاتب").get() == group
    assert not Group.objects.filter(name="Writer").exists()


def test_migration_merges_an_english_group_into_an_arabic_one_made_by_hand():
    by_hand = Group.objects.create(name="محرر")
    old = Group.objects.create(name="Editor")
    old.permissions.add(Permission.objects.get(codename="publish_article"))
    both, english_only = make_superuser("both"), make_superuser("english_only")
    both.groups.add(old, by_hand)
    english_only.groups.add(old)

    migration.to_arabic(apps, None)

    assert not Group.objects.filter(name="Editor").exists()
    assert list(both.groups.all()) == [by_hand]
    assert list(english_only.groups.all()) == [by_hand]


def test_migration_reverses_to_the_english_names():
    editor = make_editor()
    group = editor.groups.get()
    migration.to_english(apps, None)
    group.refresh_from_db()
    assert group.name == "Editor"
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Editor",
        "Writer",
        "Moderator",
    }
