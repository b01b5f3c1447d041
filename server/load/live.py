# How long a story update takes to be live: PUT the welcome, then poll /query until it says so.
# Twenty updates; each is timed from the PUT to the first /query that answers the new text.
# Usage: python3 server/load/live.py http://127.0.0.1:PORT STORY  (tokens dev123 / cli123)
import json, time, urllib.request, sys
base = sys.argv[1]; story = sys.argv[2]
def call(method, path, token, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r: return json.loads(r.read())
times = []
for k in range(20):
    text = f"Welcome, version {k}!"
    t0 = time.perf_counter()
    call("PUT", f"/stories/{story}/interactions/welcome", "dev123", {"responses": [{"type": "text", "elements": [text]}]})
    acked = time.perf_counter()
    n = 0
    while True:
        n += 1
        r = call("POST", "/query", "cli123", {"sessionId": f"live-{k:04d}-{n:06d}", "trigger": "welcome"})
        if r["result"]["fulfillment"] and r["result"]["fulfillment"][0].get("message") == text: break
        # A poll every 2 ms: a tight loop would take a core from the compile it waits for.
        time.sleep(0.002)
    live = time.perf_counter()
    times.append(((acked - t0) * 1000, (live - t0) * 1000))
for a, l in times: print(f"acknowledged {a:6.1f} ms, live {l:6.1f} ms")
lives = sorted(l for _, l in times)
print(f"live: median {lives[len(lives)//2]:.1f} ms, max {lives[-1]:.1f} ms")
