"""Picture uploads: every bad file gets an Arabic reason and nothing is stored."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image
from articles.models.images import RENDITION_SIZES
from articles.services import images as image_service
from tests.factories import image_bytes, make_editor, make_writer

pytestmark = pytest.mark.django_db
ADD = reverse("admin:articles_image_add")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


def animated_gif(frames: int, size=(4, 4)) -> bytes:
    pictures = [
        PILImage.new("RGB", size, (i % 256, i // 256 * 8, 0)) for i in range(frames)
    ]
    out = io.BytesIO()
    pictures[0].save(out, "GIF", save_all=True, append_images=pictures[1:])
    return out.getvalue()


def photo_with_gps(fmt="JPEG", orientation=6, size=(80, 40)) -> bytes:
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Canon"
    exif[0x8825] = {1: "N", 2: (24.0, 42.0, 0.0)}  # GPS IFD
    options = {"exif": exif.tobytes()}
    if fmt != "GIF":
        options["xmp"] = b"<x:xmpmeta>GPSLatitude 24,42N</x:xmpmeta>"
    return image_bytes(fmt, size=size, **options)


def gif_growing_to(width: int, height: int) -> bytes:
    """A GIF declaring a 10×10 screen whose second frame sits at (width-10, height-10):
    Pillow grows the canvas to width×height when it reaches that frame."""
    out = io.BytesIO()
    PILImage.new("P", (10, 10), 0).save(out, "GIF")
    data = out.getvalue()
    first = data.index(b"\x2c\x00\x00\x00\x00\x0a\x00\x0a\x00")
    head, frame = data[:first], data[first:-1]  # the last byte is the trailer
    placed = struct.pack("<HHHH", width - 10, height - 10, 10, 10)
    return head + frame + b"\x2c" + placed + frame[9:] + b"\x3b"


# Two 54-byte damaged GIFs (found by mutating a small animation): Pillow raises
# IndexError and struct.error on them, outside its own error types.
DAMAGED_GIF = bytes.fromhex(
    "474946383761080008008100000000000000000000000000002c000000000800080000080f"
    "0001081c48b0a0c18308132a4c18100021"
)
DAMAGED_GIF_2 = DAMAGED_GIF[:-1] + b"\x2c"


BAD_FILES = {
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "ليس صورة مدعومة",
    ),
    "html-with-png-header": (
        "photo.png",
        b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        "ليس صورة مدعومة",
    ),
    "truncated": (
        "photo.png",
        image_bytes("PNG", size=(300, 300))[:200],
        "تالف أو مقطوع",
    ),
    "bomb": ("bomb.png", png_claiming(7000, 7000), "40 مليون بكسل"),
    "too-wide": ("wide.png", png_claiming(8001, 10), "8000"),
    "too-big": ("big.jpg", b"\xff\xd8" + b"\0" * (10 * 1024 * 1024), "10 ميغابايت"),
    "thousands-of-frames": ("anim.gif", animated_gif(2000), "إطاراً"),
    "png-named-jpg": ("photo.jpg", image_bytes("PNG"), "لا يطابق محتواه"),
    "no-extension": ("photo", image_bytes("JPEG"), "لا يطابق محتواه"),
    "empty": ("empty.jpg", b"", "فارغ"),
    "gif-canvas-past-the-side": ("tiny.gif", gif_growing_to(9000, 8000), "8000"),
    "gif-canvas-bomb": ("tiny.gif", gif_growing_to(14000, 14000), "40 مليون"),
    "gif-canvas-past-the-pixels": ("tiny.gif", gif_growing_to(7000, 7000), "40 مليون"),
    "damaged-gif": ("anim.gif", DAMAGED_GIF, "تالف أو مقطوع"),
    "damaged-gif-2": ("anim.gif", DAMAGED_GIF_2, "تالف أو مقطوع"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_upload_gets_an_arabic_error_in_the_admin_and_stores_nothing(
    client, settings, tmp_path, case
):
    name, data, message = BAD_FILES[case]
    client.force_login(make_editor())
    response = client.post(
        ADD,
        {
            "file": SimpleUploadedFile(name, data),
            "alt_text": "وصف",
            "caption": "",
            "credit": "",
        },
    )
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors.get("file", []))
    assert message in errors
    assert not Image.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_orientation_is_applied_then_every_metadata_is_stripped(fmt):
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    upload = SimpleUploadedFile(f"photo.{ext}", photo_with_gps(fmt))
    clean = image_service.clean_image_upload(upload)
    data = clean.content.read()
    with PILImage.open(io.BytesIO(data)) as result:
        assert result.format == fmt
        assert result.size == (40, 80)  # orientation 6: rotated upright
        assert not dict(result.getexif())
        assert "xmp" not in result.info and "exif" not in result.info
    assert b"Canon" not in data and b"GPS" not in data


def test_upright_jpeg_keeps_its_quality_and_loses_its_metadata():
    upload = SimpleUploadedFile("photo.jpg", photo_with_gps(orientation=1))
    clean = image_service.clean_image_upload(upload)
    data = clean.content.read()
    assert b"Canon" not in data and b"GPS" not in data
    assert (clean.width, clean.height) == (80, 40)


def test_small_animation_is_kept_and_gif_is_accepted():
    clean = image_service.clean_image_upload(
        SimpleUploadedFile("anim.gif", animated_gif(5))
    )
    with PILImage.open(io.BytesIO(clean.content.read())) as result:
        assert result.n_frames == 5


def test_each_frame_keeps_its_own_duration():
    pictures = [PILImage.new("RGB", (4, 4), (i * 80, 0, 0)) for i in range(3)]
    out = io.BytesIO()
    pictures[0].save(
        out, "GIF", save_all=True, append_images=pictures[1:], duration=[100, 500, 2000]
    )
    clean = image_service.clean_image_upload(
        SimpleUploadedFile("anim.gif", out.getvalue())
    )
    with PILImage.open(io.BytesIO(clean.content.read())) as result:
        durations = []
        for index in range(result.n_frames):
            result.seek(index)
            durations.append(result.info["duration"])
    assert durations == [100, 500, 2000]


def test_a_jpeg_with_a_second_picture_inside_is_stored_as_its_first_picture():
    out = io.BytesIO()
    first, second = PILImage.new("RGB", (64, 48), "red"), PILImage.new("RGB", (64, 48))
    first.save(out, "MPO", save_all=True, append_images=[second])
    clean = image_service.clean_image_upload(
        SimpleUploadedFile("phone.jpg", out.getvalue())
    )
    with PILImage.open(io.BytesIO(clean.content.read())) as result:
        assert (result.format, result.size) == ("JPEG", (64, 48))
        assert getattr(result, "n_frames", 1) == 1
    assert clean.format == "JPEG"


def test_admin_upload_stores_hash_size_dimensions_and_uploader(client):
    writer = make_writer()
    client.force_login(writer)
    response = client.post(
        ADD,
        {
            "file": SimpleUploadedFile("قافلة.jpg", photo_with_gps(size=(120, 90))),
            "alt_text": "قافلة تغادر المدينة",
            "caption": "قافلة",
            "credit": "العرب",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    stored = image.file.read()
    assert image.uploaded_by == writer
    assert (image.width, image.height) == (90, 120)
    assert image.file_size == len(stored)
    import hashlib

    assert image.file_hash == hashlib.sha256(stored).hexdigest()
    assert b"GPS" not in stored


def test_an_upload_makes_every_rendition_before_any_reader_asks(
    client, django_capture_on_commit_callbacks
):
    client.force_login(make_writer())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            ADD,
            {"file": SimpleUploadedFile("a.jpg", image_bytes()), "alt_text": "صورة"},
        )
    image = Image.objects.get()
    renditions = [
        getattr(image, f"{name}_{fmt}")
        for name, _width, _height in RENDITION_SIZES
        for fmt in ("avif", "webp", "jpeg")
    ]
    assert len(renditions) == 12
    # The names only: asking for a URL would make a missing rendition there and then.
    assert all(default_storage.exists(rendition.name) for rendition in renditions)


def test_alt_text_is_required(client):
    client.force_login(make_editor())
    response = client.post(
        ADD, {"file": SimpleUploadedFile("a.jpg", image_bytes()), "alt_text": ""}
    )
    assert response.status_code == 200
    assert "النص البديل مطلوب" in str(response.context["adminform"].form.errors)
    assert not Image.objects.exists()


def test_editing_captions_keeps_the_stored_file(client):
    editor = make_editor()
    client.force_login(editor)
    image = image_service.store_image(
        upload=SimpleUploadedFile("a.jpg", image_bytes()), alt_text="قديم", user=editor
    )
    response = client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"alt_text": "جديد", "caption": "تعليق", "credit": ""},
    )
    assert response.status_code == 302
    updated = Image.objects.get()
    assert (updated.alt_text, updated.file.name) == ("جديد", image.file.name)
    assert updated.file_hash == image.file_hash


def test_image_changelist_query_count_does_not_grow(
    client, django_assert_max_num_queries
):
    editor = make_editor()
    client.force_login(editor)
    for n in range(8):
        image_service.store_image(
            upload=SimpleUploadedFile(f"{n}.jpg", image_bytes(colour=(n, 0, 0))),
            alt_text=f"صورة {n}",
            user=editor,
        )
    # 9 for the page, 3 for saving the session (savepoint, update, release), which
    # every staff request does so that idle sessions end (accounts/middleware.py).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:articles_image_changelist"))
    assert response.status_code == 200


def test_uploading_the_same_picture_twice_warns_with_a_link(client):
    client.force_login(make_editor())
    data = photo_with_gps(size=(60, 60))
    for _ in range(2):
        response = client.post(
            ADD,
            {"file": SimpleUploadedFile("same.jpg", data), "alt_text": "نفسها"},
            follow=True,
        )
    first, second = Image.objects.order_by("pk")
    assert first.file_hash == second.file_hash
    page = response.content.decode()
    assert "مرفوعة من قبل" in page
    assert reverse("admin:articles_image_change", args=[first.pk]) in page


@pytest.fixture
def full_disk(monkeypatch):
    """Media storage whose disk fills up halfway through a file, as a real one does:
    Django's storage has written part of the file when the error comes."""
    from django.core.files.storage import FileSystemStorage

    def write_half_then_fail(storage, name, content):
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", write_half_then_fail)


def stored_files(tmp_path) -> list:
    media = tmp_path / "media"
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_full_disk_is_an_arabic_form_error_and_leaves_no_file(
    client, tmp_path, full_disk
):
    client.force_login(make_editor())
    response = client.post(
        ADD,
        {
            "file": SimpleUploadedFile("photo.jpg", image_bytes()),
            "alt_text": "وصف",
            "caption": "",
            "credit": "",
        },
    )
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors.get("file", []))
    assert "تعذّر حفظ الصورة على الخادم" in errors
    assert not Image.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_full_disk_refuses_a_stored_image_and_leaves_no_file(tmp_path, full_disk):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="تعذّر حفظ الصورة"):
        image_service.store_image(
            upload=SimpleUploadedFile("photo.jpg", image_bytes()), alt_text="وصف"
        )
    assert not Image.objects.exists()
    assert stored_files(tmp_path) == []


def test_an_invalid_form_writes_no_file(client, tmp_path):
    client.force_login(make_editor())
    response = client.post(
        ADD, {"file": SimpleUploadedFile("photo.jpg", image_bytes()), "alt_text": ""}
    )
    assert response.status_code == 200 and not Image.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_failed_save_after_the_write_removes_the_file(tmp_path, monkeypatch):
    from django.db import DatabaseError

    def refuse(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Image, "save", refuse)
    with pytest.raises(DatabaseError):
        image_service.store_image(
            upload=SimpleUploadedFile("photo.jpg", image_bytes()), alt_text="وصف"
        )
    assert stored_files(tmp_path) == []
