"""The review page: the quarantine and a draft checker in a browser (`[web]`, `vigile web`).

`app` builds the aiohttp application and serves it; `signin` and `sessions` are who may
use it; `pages` is the queue and one held message with its actions; `draft` checks a
draft; `display` makes message content safe to show.
"""
