"""An upload handler that stops reading a file once it passes CASES_MAX_UPLOAD_BYTES.

First in FILE_UPLOAD_HANDLERS: the rest of an oversized file is read and thrown away, never
written to memory or a temporary file. The view sees `request.upload_too_large` and shows the
size error (the form's other fields, such as the CSRF token, came before the file and survive).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

TOO_LARGE = "upload_too_large"
"""The flag this handler sets on the request: an attribute of ours, which HttpRequest's type
does not declare (hence setattr and getattr)."""


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.CASES_MAX_UPLOAD_BYTES:
            if self.request is not None:
                setattr(self.request, TOO_LARGE, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def too_large(request: Any) -> bool:
    return bool(getattr(request, TOO_LARGE, False))
