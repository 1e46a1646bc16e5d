"""What Chromium's console says during a browser test."""


def csp_violations(source) -> list[str]:
    """A list that fills with each Content-Security-Policy violation `source` (a page
    or a whole browser context) reports from now on."""
    violations: list[str] = []
    source.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations
