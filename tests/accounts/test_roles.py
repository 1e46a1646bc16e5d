import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.roles import EDITOR, MODERATOR, ROLE_LABELS, ROLE_PERMISSIONS, WRITER
from tests.factories import make_editor, make_moderator, make_writer

pytestmark = pytest.mark.django_db


def group_labels(role):
    group = Group.objects.get(name=ROLE_LABELS[role])
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_sync_roles_gives_each_role_exactly_the_permissions_in_roles_py():
    call_command("sync_roles", stdout=None)
    for role, labels in ROLE_PERMISSIONS.items():
        assert group_labels(role) == set(labels)


def test_sync_roles_is_idempotent_and_removes_extra_permissions():
    call_command("sync_roles")
    group = Group.objects.get(name=ROLE_LABELS[MODERATOR])
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="delete_article"))
    call_command("sync_roles")
    call_command("sync_roles")
    assert Group.objects.count() == 3
    assert group_labels(MODERATOR) == set(ROLE_PERMISSIONS[MODERATOR])


def test_no_role_may_manage_users_or_groups():
    for labels in ROLE_PERMISSIONS.values():
        assert not any(label.startswith(("auth.", "accounts.")) for label in labels)


def test_writer_cannot_publish_and_moderator_cannot_edit_articles():
    writer, moderator, editor = make_writer(), make_moderator(), make_editor()
    assert writer.has_perm("articles.change_article")
    assert not writer.has_perm("articles.publish_article")
    assert not moderator.has_perm("articles.change_article")
    assert not moderator.has_perm("articles.view_article")
    assert moderator.has_perm("articles.moderate_comment")
    assert editor.has_perm("articles.publish_article")


def test_create_staff_user_command_creates_a_staff_user_with_the_role(capsys):
    call_command("sync_roles")
    call_command(
        "create_staff_user", "layla", "--role", WRITER, "--email", "l@example.com"
    )
    out = capsys.readouterr().out
    assert "password:" in out
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="layla")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["كاتب"]


def test_create_staff_user_command_refuses_an_existing_username():
    from django.core.management.base import CommandError

    call_command("sync_roles")
    call_command("create_staff_user", "sami", "--role", EDITOR, "--password", "x" * 12)
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_staff_user", "sami", "--role", EDITOR)


@pytest.mark.parametrize("password", ["123", "password123", "layla-dawood"])
def test_create_staff_user_refuses_a_weak_password_and_creates_no_one(password):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    call_command("sync_roles")
    with pytest.raises(CommandError):
        call_command(
            "create_staff_user",
            "layla-dawood",
            "--role",
            EDITOR,
            "--password",
            password,
        )
    assert not get_user_model().objects.filter(username="layla-dawood").exists()


@pytest.mark.parametrize(
    "url", ["/admin/accounts/user/", "/admin/auth/group/", "/admin/accounts/user/add/"]
)
def test_editor_cannot_see_or_change_users_or_groups(client, url):
    editor = make_editor()
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="ar" dir="rtl"' in html and "لا تملك صلاحية فتح هذه الصفحة" in html
    assert 'href="/admin/"' in html  # a way back to the newsroom


def test_editor_cannot_raise_own_rights_with_a_crafted_post(client):
    editor = make_editor()
    client.force_login(editor)
    response = client.post(
        f"/admin/accounts/user/{editor.pk}/change/",
        {"username": editor.username, "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_superuser_manages_users(client):
    from tests.factories import make_superuser

    client.force_login(make_superuser())
    assert client.get("/admin/accounts/user/").status_code == 200


def test_sync_roles_names_default_permissions_in_arabic(capsys):
    from django.contrib.auth.models import Permission

    call_command("sync_roles")
    assert "permissions named in Arabic:" in capsys.readouterr().out
    names = dict(Permission.objects.values_list("codename", "name"))
    assert names["add_article"] == "يمكنه إضافة مقال"
    assert names["view_comment"] == "يمكنه عرض تعليق"
    assert names["delete_group"] == "يمكنه حذف مجموعة"
    assert names["publish_article"] == "يمكنه نشر المقالات وجدولتها وأرشفتها"  # its own
    assert not any(name.startswith("Can ") for name in names.values())


def test_naming_permissions_again_changes_nothing(django_assert_max_num_queries):
    from accounts.services import name_permissions_in_arabic

    assert name_permissions_in_arabic() > 0
    with django_assert_max_num_queries(3):  # content types, permissions, a savepoint
        assert name_permissions_in_arabic() == 0


def test_the_superusers_group_page_lists_permissions_in_arabic(client):
    from tests.factories import make_superuser

    call_command("sync_roles")
    client.force_login(make_superuser())
    html = client.get("/admin/auth/group/add/").content.decode()
    assert "يمكنه إضافة مقال" in html and "Can add" not in html
