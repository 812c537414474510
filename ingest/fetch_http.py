"""A small, polite HTTP client for the live sources: time-outs, a bounded retry with back-off on 429 and 5xx
(honouring Retry-After), a minimum interval between requests (arXiv asks for one request per 3 s), and
one-line errors for the user (offline, no answer, refused).

Waiting goes through an injectable `sleep`, and the clock through `clock`, so tests run without real pauses.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from papertui import __version__
from papertui.errors import PapertuiError

USER_AGENT = f"papertui/{__version__} (terminal paper reader)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(PapertuiError):
    """A request that failed for good (after its retries); the message is one line naming the host."""


def _default_backoff(attempt: int) -> float:
    return float(min(60, 2**attempt))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    """Tries per request, the first included."""
    backoff: Callable[[int], float] = _default_backoff
    """Seconds to wait after failed try number n (1-based) when the server does not say (Retry-After)."""
    max_wait: float = 300.0
    """A Retry-After longer than this is not waited for: the request fails instead."""


@dataclass
class HttpFetcher:
    """GET requests against one base URL. Not thread-safe; one per fetch."""

    base_url: str
    timeout: float = 30.0
    min_interval: float = 0.0
    """Seconds between the starts of two requests (arXiv: 3)."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    transport: httpx.BaseTransport | None = None
    requests: int = 0
    _last: float | None = None
    _client: httpx.Client | None = None

    @property
    def host(self) -> str:
        return httpx.URL(self.base_url).host or self.base_url

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                base_url=self.base_url,
                timeout=self.timeout,
                headers={"User-Agent": USER_AGENT},
                follow_redirects=True,
                transport=self.transport,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _pace(self) -> None:
        if self._last is not None and self.min_interval > 0:
            wait = self._last + self.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> bytes:
        """The body of a successful GET; FetchError after the retries, or at once when offline or refused."""
        problem = ""
        for attempt in range(1, self.retry.attempts + 1):
            self._pace()
            self.requests += 1
            try:
                response = self._http().get(path, params=params)
            except httpx.ConnectError as exc:
                raise FetchError(f"cannot reach {self.host} ({_reason(exc)}); are you offline?") from None
            except httpx.TimeoutException:
                problem = f"no answer from {self.host} within {self.timeout:g} s"
                wait = self.retry.backoff(attempt)
            except httpx.HTTPError as exc:
                raise FetchError(f"the request to {self.host} failed ({_reason(exc)})") from None
            else:
                status = response.status_code
                if status < 400:
                    return response.content
                problem = f"{self.host} answered {status} {response.reason_phrase}".rstrip()
                if status not in RETRY_STATUSES:
                    raise FetchError(f"{problem} for {response.request.url}")
                asked = _retry_after(response.headers.get("Retry-After"))
                wait = self.retry.backoff(attempt) if asked is None else asked
                if wait > self.retry.max_wait:
                    raise FetchError(f"{problem}, asking to wait {wait:.0f} s; try again later")
            if attempt < self.retry.attempts:
                self.sleep(wait)
        tries = self.retry.attempts
        raise FetchError(f"{problem} ({tries} {'try' if tries == 1 else 'tries'}); try again later")


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date (None when absent or
    unreadable)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
