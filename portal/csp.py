"""The Content-Security-Policy header, the admin included.

Reader pages get the strict policy in settings (`CONTENT_SECURITY_POLICY`): scripts from
our origin or with the request's nonce, no inline styles. Under `/admin/` the same policy
applies with one addition Django's admin needs: inline styles (its templates and widgets
write `style` attributes, and our admin theme is a `<style>` block). Scripts stay strict
there too: the prose editor's import map carries the request's nonce
(`articles/admin/articles.py`), so an injected `<script>` in a headline, caption or
comment shown in the admin does not run.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_ADDITIONS = {"style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_ADDITIONS, **(parts.update or {})}
        return parts
