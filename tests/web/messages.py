"""Messages the review-page tests hold: each is refused (550) and lands in the quarantine."""

from __future__ import annotations

BUYER = "buyer1@marketplace.amazon.co.uk"


def review_incentive(order: str = "026-1234567-1234567", subject: str = "") -> bytes:
    """Held for a review incentive ('5-star', 'free gift'); a tracking pixel to strip."""
    return f"""\
From: Shop <seller@shop.example>\r
To: {BUYER}\r
Subject: {subject or f"Your order {order}"}\r
Message-ID: <incentive-{order}@shop.example>\r
MIME-Version: 1.0\r
Content-Type: text/html; charset=utf-8\r
\r
<html><body><p>Hello, thank you for your order {order} of the garden hose.</p>\r
<p>If you leave us a 5-star review we will send you a free gift card worth 10 pounds.</p>\r
<p><img src="https://track.example.net/open.gif?u=1" width="1" height="1"></p>\r
<p>Kind regards, the Shop team</p></body></html>\r
""".encode()


def hostile(probe: str) -> bytes:
    """Held (no order id); scripts, handlers, javascript: links and remote content that
    would each reach `probe` (a loopback HTTP server) if anything ran or loaded."""
    return f"""\
From: Shop <seller@shop.example>\r
To: {BUYER}\r
Subject: Hostile markup\r
Message-ID: <hostile@shop.example>\r
MIME-Version: 1.0\r
Content-Type: text/html; charset=utf-8\r
\r
<html><head><script>fetch("{probe}/head-script")</script>\r
<link rel="stylesheet" href="{probe}/style.css">\r
<style>body {{ background: url("{probe}/background.png") }}</style>\r
<meta http-equiv="refresh" content="0; url={probe}/refresh"></head>\r
<body onload="fetch('{probe}/onload')">\r
<p>Hello, your parcel is delayed by two days, sorry about that.</p>\r
<script>alert(1); new Image().src = "{probe}/script";</script>\r
<img src="{probe}/remote.png" alt="product photo">\r
<img src="x" onerror="fetch('{probe}/onerror')">\r
<a href="javascript:fetch('{probe}/javascript-link')" id="js">click here</a>\r
<a href="{probe}/plain-link">our website</a>\r
<iframe src="{probe}/iframe"></iframe>\r
<object data="{probe}/object"></object>\r
<svg><image href="{probe}/svg-image"/></svg>\r
<form action="{probe}/form"><button>Send</button></form>\r
<div style="background-image: url({probe}/inline-style)">Thanks</div>\r
</body></html>\r
""".encode()
