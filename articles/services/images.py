"""Picture uploads: checked by content, straightened, stripped of metadata, hashed.

News photos often carry GPS positions and camera serials in EXIF/XMP; nothing of that
reaches the site. Only the colour profile (ICC) is kept, so colours do not shift.
"""

import hashlib
import io
import struct
import warnings
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from ..models import Image
from ..models.images import RENDITION_FIELDS

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # all frames together
MAX_SIDE = 8000
MAX_FRAMES = 300
EXTENSIONS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
}
ALLOWED_FORMATS = tuple(EXTENSIONS)
# Pillow reads a JPEG with a second picture inside (phones, 3D cameras) as "MPO":
# it is served as the JPEG of its first picture.
SERVED_AS = {"MPO": "JPEG"}
# What Pillow raises on a damaged file, besides its own errors, while walking frames.
_DAMAGED = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
_BOMB = (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning)
_ORIENTATION_TAG = 0x0112
_DRAWING_INFO = ("transparency", "background", "duration", "loop", "disposal")


@dataclass(frozen=True)
class CleanUpload:
    """An upload that passed every check, re-encoded without metadata."""

    content: ContentFile
    file_hash: str
    file_size: int
    width: int
    height: int
    format: str


def _error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _open(data: bytes) -> PILImage.Image:
    # Only the four formats we serve are even tried: an SVG, HTML or PSD never
    # reaches a decoder. Pillow's bomb guard is `_reading`'s.
    with _reading():
        try:
            return PILImage.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        except (UnidentifiedImageError, SyntaxError, OSError, ValueError):
            raise _error(
                _("الملف ليس صورة مدعومة. الصيغ المقبولة: JPEG وPNG وWebP وGIF."),
                "unsupported",
            ) from None


@contextmanager
def _reading():
    """Pillow's bomb guard and a damaged file become the Arabic errors, never a 500."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            yield
        except _BOMB:
            raise _too_many_pixels() from None
        except _DAMAGED:
            raise _error(
                _("ملف الصورة تالف أو مقطوع، فلا يمكن قراءته كاملاً."), "truncated"
            ) from None


def _too_many_pixels() -> ValidationError:
    return _error(
        _("الصورة أكبر من 40 مليون بكسل (مع احتساب الإطارات)."), "too_many_pixels"
    )


def _check_side(picture: PILImage.Image) -> None:
    width, height = picture.size
    if width > MAX_SIDE or height > MAX_SIDE:
        raise _error(
            _("أحد ضلعي الصورة أطول من %(max)s بكسل.") % {"max": MAX_SIDE},
            "too_wide",
        )


def _check_geometry(picture: PILImage.Image, fmt: str) -> int:
    _check_side(picture)
    frames = 1 if fmt == "JPEG" else getattr(picture, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise _error(
            _("الصورة المتحركة فيها %(n)s إطاراً، والحد %(max)s.")
            % {"n": frames, "max": MAX_FRAMES},
            "too_many_frames",
        )
    width, height = picture.size
    if width * height * frames > MAX_PIXELS:
        raise _too_many_pixels()
    return frames


def _decode_all(picture: PILImage.Image, frames: int) -> list[int]:
    """Decode every frame (a truncated file fails here, not on a reader's page) and
    return each frame's duration.

    A GIF frame placed outside the screen its header declares grows the canvas when it
    is reached, so the limits are checked again at every frame, before it is decoded.
    """
    durations = []
    pixels = 0
    for index in range(frames):
        picture.seek(index)
        _check_side(picture)
        pixels += picture.size[0] * picture.size[1]
        if pixels > MAX_PIXELS:
            raise _too_many_pixels()
        picture.load()
        durations.append(picture.info.get("duration", 0))
    picture.seek(0)
    return durations


def _without_metadata(picture: PILImage.Image) -> dict:
    """Keep only what draws the picture (transparency, animation timing)."""
    drawing = {key: picture.info[key] for key in _DRAWING_INFO if key in picture.info}
    picture.info = dict(drawing)
    return drawing


def _encode(picture: PILImage.Image, fmt: str, durations: list[int]) -> bytes:
    frames = len(durations)
    icc = picture.info.get("icc_profile")
    lossless = bool(picture.info.get("lossless"))
    out = io.BytesIO()
    options: dict = {"format": fmt}
    if icc:
        options["icc_profile"] = icc
    if fmt == "WEBP":
        options.update(lossless=lossless, quality=90)
    if frames > 1:
        options.update(_without_metadata(picture), save_all=True, duration=durations)
        picture.save(out, **options)
        return out.getvalue()
    upright = picture.getexif().get(_ORIENTATION_TAG, 1) == 1
    if picture.format == "JPEG" and upright:  # not an MPO: Pillow keeps only JPEG's
        still = picture
        options["quality"] = "keep"  # no second round of JPEG loss
    else:
        still = ImageOps.exif_transpose(picture)
        if fmt == "JPEG":
            options["quality"] = 90
    options.update(_without_metadata(still))
    still.save(out, **options)
    return out.getvalue()


def clean_image_upload(upload) -> CleanUpload:
    """Check an uploaded file by its content and return it safe to store.

    Raises ValidationError (Arabic message) when the file is too big, not one of
    JPEG/PNG/WebP/GIF, named with an extension that does not match its content,
    truncated, over 40 Mpx (frames included) or 8,000 px a side, or has too many frames.
    """
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _error(_("حجم الملف أكبر من 10 ميغابايت."), "too_big")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _error(_("حجم الملف أكبر من 10 ميغابايت."), "too_big")
    if not data:
        raise _error(_("الملف فارغ."), "empty")
    picture = _open(data)
    fmt = SERVED_AS.get(picture.format, picture.format)
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in EXTENSIONS[fmt]:
        raise _error(
            _(
                "امتداد الملف (%(ext)s) لا يطابق محتواه (%(fmt)s). أعد تسميته بـ%(good)s."
            )
            % {
                "ext": extension or _("بلا امتداد"),
                "fmt": fmt,
                "good": sorted(EXTENSIONS[fmt])[0],
            },
            "extension_mismatch",
        )
    with _reading():
        frames = _check_geometry(picture, fmt)
        durations = _decode_all(picture, frames)
        clean = _encode(picture, fmt, durations)
    with PILImage.open(io.BytesIO(clean)) as result:
        width, height = result.size
    stem = PurePath(upload.name).stem[:80] or "image"
    return CleanUpload(
        content=ContentFile(clean, name=f"{stem}{extension}"),
        file_hash=hashlib.sha256(clean).hexdigest(),
        file_size=len(clean),
        width=width,
        height=height,
        format=fmt,
    )


def write_image_file(*, clean: CleanUpload) -> str:
    """Write a checked picture to media storage now and return its stored name.

    A write that fails (a full or read-only disk) leaves no partial file behind and
    becomes a ValidationError with the Arabic reason, so the editor sees a form error,
    never a server error, and nothing is stored."""
    field = Image._meta.get_field("file")
    storage = field.storage
    name = storage.get_available_name(
        field.generate_filename(None, clean.content.name), max_length=field.max_length
    )
    try:
        return storage.save(name, clean.content, max_length=field.max_length)
    except OSError as error:
        forget_image_file(name=name)  # Django's storage leaves what it wrote so far
        raise _error(
            _(
                "تعذّر حفظ الصورة على الخادم الآن (لا مساحة كافية للملفات أو لا يمكن "
                "الكتابة)، ولم يُحفظ شيء. أعد المحاولة لاحقًا أو أبلغ الفريق التقني."
            ),
            "storage",
        ) from error


def forget_image_file(*, name: str) -> None:
    """Delete a stored picture file whose Image row was never saved; quiet if absent."""
    storage = Image._meta.get_field("file").storage
    # Nothing was written, or the disk refuses even that: nothing more to do.
    with suppress(OSError):
        storage.delete(name)


def store_image(
    *, upload, alt_text: str, caption: str = "", credit: str = "", user=None
) -> Image:
    """Validate an upload and save it as an Image owned by `user`."""
    clean = clean_image_upload(upload)
    image = Image(
        file=clean.content,
        alt_text=alt_text,
        caption=caption,
        credit=credit,
        file_hash=clean.file_hash,
        file_size=clean.file_size,
        uploaded_by=user,
    )
    image.full_clean()
    image.file = write_image_file(clean=clean)
    try:
        image.save()
    except BaseException:
        forget_image_file(name=image.file.name)
        raise
    transaction.on_commit(lambda: make_renditions(image))
    return image


def make_renditions(image: Image) -> None:
    """Make every rendition of an uploaded picture now, so no reader's page waits.

    Twelve take about a second. One missing later is made on first use."""
    for field in RENDITION_FIELDS:
        getattr(image, field).generate()
