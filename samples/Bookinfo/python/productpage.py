#!/usr/bin/env python3
# Bookinfo productpage, Python standard library only, for the MeshLib sidecar.
#
# Like Istio's productpage.py it calls details and reviews by their mesh names (http://details:9080,
# http://reviews:9080) with a 3 s timeout, tries reviews twice, and sends the signed-in user on as the
# `end-user` header. The requests leave through HTTP_PROXY, the MeshLib sidecar's outbound listener,
# which applies the VirtualServices and DestinationRules.
#
#   HTTP_PROXY=http://127.0.0.1:15001 python3 productpage.py [PORT]
#
# PORT 0 (the default) picks a free port; the first line printed is "listening on PORT".
# BOOKINFO_TIMEOUT overrides the 3 s per-call timeout (the walkthrough's --fast scale).
import html
import http.cookies
import http.server
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = float(os.environ.get("BOOKINFO_TIMEOUT", "3.0"))
DETAILS = "http://details:9080/details/"
REVIEWS = "http://reviews:9080/reviews/"
REVIEWS_UNAVAILABLE = "Sorry, product reviews are currently unavailable for this book."
DETAILS_UNAVAILABLE = "Sorry, product details are currently unavailable for this book."
FORWARD = ["x-request-id", "user-agent", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "traceparent"]

proxy = os.environ.get("HTTP_PROXY") or os.environ.get("http_proxy")
opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy} if proxy else {}))


def send_request(url, headers, timeout):
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get(url, headers, tries, unavailable, log):
    status = 500
    for _ in range(tries):
        started = time.monotonic()
        try:
            status, body = send_request(url, headers, TIMEOUT)
            log.append("%d after %.3fs" % (status, time.monotonic() - started))
            if status == 200:
                return 200, json.loads(body)
        except Exception as error:  # productpage.py: any failure is a failed try
            status = 500
            log.append("%s after %.3fs" % (type(error).__name__, time.monotonic() - started))
    return status, {"error": unavailable}


def page(user, headers, product_id=0):
    started = time.monotonic()
    forward = {k: v for k, v in headers.items() if k.lower() in FORWARD}
    if user:
        forward["end-user"] = user
    details_status, details = get(DETAILS + str(product_id), forward, 1, DETAILS_UNAVAILABLE, [])
    tries = []
    reviews_status, reviews = get(REVIEWS + str(product_id), forward, 2, REVIEWS_UNAVAILABLE, tries)
    return {
        "user": user,
        "product": {"id": product_id, "title": "The Comedy of Errors"},
        "detailsStatus": details_status,
        "details": details,
        "reviewsStatus": reviews_status,
        "reviews": reviews,
        "reviewsTries": tries,
        "elapsedMs": round((time.monotonic() - started) * 1000, 1),
        "app": "productpage.py",
    }


def render(view):
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Simple Bookstore App</title></head><body>",
           "<p>BookInfo Sample (Python) &mdash; %s</p>" % html.escape(view["user"] or "not signed in"),
           "<h3>The Comedy of Errors</h3>"]
    if view["detailsStatus"] == 200:
        d = view["details"]
        out.append("<h4>Book Details</h4><dl>" + "".join(
            "<dt>%s</dt><dd>%s</dd>" % (k, html.escape(str(d.get(k)))) for k in ["type", "pages", "publisher", "language", "ISBN-10", "ISBN-13"]) + "</dl>")
    else:
        out.append("<h4>Error fetching product details!</h4><p>%s</p>" % html.escape(view["details"]["error"]))
    if view["reviewsStatus"] == 200:
        out.append("<h4>Book Reviews</h4>")
        for review in view["reviews"].get("reviews", []):
            out.append("<blockquote><p>%s</p><small>%s</small>" % (html.escape(review["text"]), html.escape(review["reviewer"])))
            rating = review.get("rating")
            if rating and "stars" in rating:
                out.append("<span style='color:%s'>%s%s</span>" % (html.escape(rating["color"]), "&#9733;" * rating["stars"], "&#9734;" * (5 - rating["stars"])))
            elif rating and "error" in rating:
                out.append("<p><i>%s</i></p>" % html.escape(rating["error"]))
            out.append("</blockquote>")
        out.append("<p>Reviews served by: %s</p>" % html.escape(view["reviews"].get("podname", "")))
    else:
        out.append("<h4>Error fetching product reviews!</h4><p>%s</p>" % html.escape(view["reviews"]["error"]))
    out.append("</body></html>")
    return "".join(out)


class Handler(http.server.BaseHTTPRequestHandler):
    def user(self):
        cookies = http.cookies.SimpleCookie(self.headers.get("Cookie", ""))
        return cookies["user"].value if "user" in cookies else None

    def reply(self, status, content_type, body, extra=()):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/health":
            self.reply(200, "application/json", json.dumps({"status": "Product page is healthy"}))
        elif path == "/api/v1/productpage":
            self.reply(200, "application/json", json.dumps(page(self.user(), self.headers)))
        elif path in ("/", "/productpage"):
            self.reply(200, "text/html; charset=utf-8", render(page(self.user(), self.headers)))
        elif path == "/logout":
            self.reply(302, "text/plain", "", [("Location", "/productpage"), ("Set-Cookie", "user=; Max-Age=0; Path=/")])
        else:
            self.reply(404, "text/plain", "not found")

    def do_POST(self):
        if self.path.split("?")[0] != "/login":
            self.reply(404, "text/plain", "not found")
            return
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        user = form.get("username", [""])[0]
        self.reply(302, "text/plain", "", [("Location", "/productpage"), ("Set-Cookie", "user=%s; Path=/; HttpOnly" % user)])

    def log_message(self, format, *args):
        pass


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
