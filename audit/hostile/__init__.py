"""Hostile inputs against a served production-mode portal, over HTTP only.

`python -m audit.hostile --base-url URL --logins PATH --out PATH [--fast]` sends well
over a hundred bad inputs (reader pages, the comment form and API, the counting
endpoints, picture uploads, every admin URL for every role) and writes one JSON row per
area: requests, answers 5xx, findings (wrongly accepted) and lost (always 0 here).

The instance must be served with `SERVER_ENV` on top of the production variables: the
per-address flood limits are raised so that a hundred requests from 127.0.0.1 reach the
rules under test instead of the flood rule (the flood rules themselves are the tests'
and the faults' business). The comment time-to-submit rule keeps its default: the run
fetches its form tokens first and waits once, so "too fast" is itself one of the inputs.
"""

# The runner serves the instance with these on top of the production variables
# (DJANGO_DEBUG=0, PostgreSQL, Redis, ...), then `load_demo` and `ensure_demo_users`.
# The first API read of a fresh demo makes every picture's renditions (tens of seconds,
# once): the run allows it 300 s.
SERVER_ENV = {
    "PORTAL_COMMENTS_FLOOD_LIMIT": "100000",
    "PORTAL_ENGAGEMENT_VIEW_RATE": "100000",
    "PORTAL_ENGAGEMENT_SHARE_RATE": "100000",
    "PORTAL_SEARCH_RATE": "100000",
    "PORTAL_API_COMMENT_RATE": "100000",
    "PORTAL_LOGIN_FAILURE_LIMIT": "1000",
    "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain http on loopback
}
