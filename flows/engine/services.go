package engine

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/flowctl/flowctl/flows/runtime"
)

// The simulation's default services. A flow that asks an LLM something gets the answer the
// reference engine's own test service gives, unless the HTTP mocks answer the service's URL
// (llm://<llm uuid>), which then replaces it. (The default airtime service lives with the
// transfer_airtime action, whose events it shapes; see runtime.Run.Mocked.)

// mockedClient is an HTTP client that knows which URLs it answers from mocks.
type mockedClient interface {
	Mocked(url string) bool
}

// Mocked reports whether the mocks have an answer left for url (nil mocks have none).
func (m *Mocks) Mocked(url string) bool {
	if m == nil {
		return false
	}
	_, ok := m.next(url)
	return ok
}

// Mocked reports whether the client's mocks answer url (real calls don't count: no real server
// answers a service URL such as llm://).
func (c *realClient) Mocked(url string) bool { return c.fallback.Mocked(url) }

// mocked reports whether client answers url from mocks. A client that can't say (one an
// embedding program gives) is taken to answer everything itself.
func mocked(client HTTPClient, url string) bool {
	m, ok := client.(mockedClient)
	return !ok || m.Mocked(url)
}

// withDefaultServices returns the client that answers req: client itself, or the default service
// for an LLM call the client has no mock for.
func withDefaultServices(client HTTPClient, req *runtime.HTTPRequest) HTTPClient {
	if strings.HasPrefix(req.URL, "llm://") && !mocked(client, req.URL) {
		return testLLM{}
	}
	return client
}

// testLLM answers LLM calls as the reference's test LLM service does: instructions starting with
// "Categorize" get their last word back, instructions starting with "Translate" get the input in
// leetspeak, anything else "You asked:\n\n<instructions>\n\n<input>"; every answer counts 45
// input and 78 output tokens.
type testLLM struct{}

// leet is the test service's "translation".
var leet = strings.NewReplacer("a", "4", "A", "4", "b", "8", "B", "8", "e", "3", "E", "3", "g", "9", "G", "9",
	"i", "1", "I", "1", "l", "1", "L", "1", "o", "0", "O", "0", "s", "5", "S", "5", "t", "7", "T", "7")

// TestLLMOutput is what the default LLM service answers for instructions and input.
func TestLLMOutput(instructions, input string) string {
	switch {
	case strings.HasPrefix(instructions, "Categorize"):
		words := strings.Fields(instructions)
		return words[len(words)-1]
	case strings.HasPrefix(instructions, "Translate"):
		return leet.Replace(input)
	}
	return "You asked:\n\n" + instructions + "\n\n" + input
}

func (testLLM) Do(req *runtime.HTTPRequest) (int, http.Header, []byte, error) {
	var prompt struct {
		Instructions string `json:"instructions"`
		Input        string `json:"input"`
	}
	_ = json.Unmarshal([]byte(req.Body), &prompt)
	body, err := json.Marshal(map[string]any{
		"output": TestLLMOutput(prompt.Instructions, prompt.Input),
		"tokens": map[string]int{"input": 45, "output": 78},
	})
	if err != nil {
		return 0, nil, nil, err
	}
	return http.StatusOK, http.Header{"Content-Type": {"application/json"}}, body, nil
}
