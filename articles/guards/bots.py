"""Which requests are not a reader's view: bots, link previews, prefetches, HEAD, staff."""

import re

# Link-preview fetchers: they load a shared link to draw a card, nobody reads it.
_PREVIEW = re.compile(
    r"whatsapp|telegrambot|facebookexternalhit|facebookcatalog|meta-externalagent"
    r"|twitterbot|slackbot|slack-imgproxy|discordbot|linkedinbot|skypeuripreview"
    r"|pinterest|redditbot|embedly|iframely|viber|snapchat|vkshare|outbrain"
    r"|google-pagerenderer|applebot|bitlybot|mastodon|bluesky|signal",
    re.IGNORECASE,
)
# Crawlers, monitors, headless browsers and HTTP libraries.
_BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrape|archiver|headless|phantomjs|lighthouse"
    r"|pingdom|uptime|monitor|curl/|wget/|python-requests|python-urllib|httpx"
    r"|aiohttp|go-http-client|java/|okhttp|libwww|axios|node-fetch|scrapy|feedfetcher"
    r"|mediapartners|adsbot|bingpreview|yandex|baiduspider|petalbot|semrush|ahrefs"
    r"|mj12bot|dotbot|bytespider|gptbot|ccbot|claudebot|perplexity|amazonbot",
    re.IGNORECASE,
)
_PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def classify_user_agent(user_agent: str) -> str:
    """'preview', 'bot' or '' for a User-Agent header (an empty one is a bot)."""
    if not user_agent.strip():
        return "bot"
    if _PREVIEW.search(user_agent):
        return "preview"
    if _BOT.search(user_agent):
        return "bot"
    return ""


def is_prefetch(request) -> bool:
    """A speculative load the reader may never see (Sec-Purpose, Purpose, X-Moz)."""
    return any(
        "prefetch" in request.META.get(h, "").lower()
        or "prerender" in request.META.get(h, "").lower()
        for h in _PREFETCH_HEADERS
    )


def not_a_view_reason(request) -> str:
    """Why this request must not count as a view, or '' when it is a reader's view."""
    if request.method == "HEAD":
        return "head"
    if is_prefetch(request):
        return "prefetch"
    agent = classify_user_agent(request.META.get("HTTP_USER_AGENT", "")[:512])
    if agent:
        return agent
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return "staff"
    return ""
