from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class Pagination(CursorPagination):
    """Cursor pages of 50 by default; a page_size over 500 is refused, never clamped."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = (
        f"Results per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."
    )

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({"page_size": ["A whole number is required."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"Ask for 1 to {self.max_page_size} results per page."]}
            )
        return size

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        # Views without an ordering filter name their own stable order.
        if not any(hasattr(f, "get_ordering") for f in getattr(view, "filter_backends", [])):
            return tuple(getattr(view, "ordering", None) or ("pk",))
        return super().get_ordering(request, queryset, view)
