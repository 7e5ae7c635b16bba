"""The one error every request of the fetch seam raises."""


class FetchError(Exception):
    """A fetch failed; `permanent` says whether retrying soon could help."""

    def __init__(
        self,
        message: str,
        permanent: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.status = status

    def __reduce__(self):
        # Celery pickles exceptions; the default would drop everything but the message.
        return (type(self), (self.message, self.permanent, self.retry_after, self.status))
