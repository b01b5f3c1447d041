-- POST /query on the support bot: 5,000 sessions per wrk thread (a conversation is never
-- sent two turns at once), six questions whose interactions call no webhook.
local questions = {"what are your opening hours", "how do I reset my pin", "what fees do you charge", "hi", "when will my new card arrive", "I forgot my online banking password"}
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"sessionId":"load-%d-%010d","query":"%s"}', tid, counter % 5000, questions[counter % #questions + 1])
  return wrk.format("POST", "/query", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer cli123"}, body)
end
