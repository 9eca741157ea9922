package suggest

import "strings"

// Index answers Nearest for one list of candidates many times without comparing s with
// every candidate: a 200 MB export with thousands of references to missing assets asks for a
// suggestion among tens of thousands of names each time, and a scan makes that quadratic.
//
// It is a BK-tree: each node's children sit at their edit distance from it, and since the
// distance obeys the triangle inequality, a search for candidates within distance t of s only
// visits the children whose distance from a node is within t of s's distance from it; it visits
// the most promising nodes first. Names that are near each other (an org's "Group 1" ...
// "Group 9999") and names that are far from s both prune well. Answers are remembered, since a missing asset tends to be named many times.
// One search does at most MaxComparisons comparisons.
//
// Random strings such as UUIDs are all about as far from each other, which defeats the tree: a
// search within two edits (NearestWithin with a limit of 2, which is what a damaged UUID needs)
// uses a partition index instead. A string within two edits of a candidate holds one of the
// candidate's three thirds unchanged, at most two bytes from where it was, so only candidates
// sharing such a piece with s are compared.
type Index struct {
	names []string
	nodes []bkNode
	memo  map[memoKey]int // the candidate Nearest picks, or -1
	p     pattern         // reused: its masks are 2 KiB
	queue [][]int         // reused by search
	// pieces maps each third of each key (by the key's length and which third) to the nodes
	// of the keys holding it; built on first use
	pieces map[pieceKey][]int
}

type pieceKey struct {
	length, part int
	text         string
}

// thirds are where the three pieces of a string of length n start, and their lengths.
func thirds(n int) (starts, lengths [3]int) {
	for i := range 3 {
		starts[i] = i * n / 3
	}
	for i := range 3 {
		end := n
		if i < 2 {
			end = starts[i+1]
		}
		lengths[i] = end - starts[i]
	}
	return starts, lengths
}

type bkNode struct {
	key string // the candidate in lower case
	// first is the earliest candidate (by its place in the list) with this key: Nearest picks
	// the first of equally near candidates
	first    int
	children []bkEdge
}

type bkEdge struct {
	dist, node int
}

type memoKey struct {
	s     string
	limit int
}

// NewIndex indexes candidates for Nearest.
func NewIndex(candidates []string) *Index {
	ix := &Index{names: candidates, memo: map[memoKey]int{}}
	for i, c := range candidates {
		ix.insert(strings.ToLower(c), i)
	}
	return ix
}

func (ix *Index) insert(key string, i int) {
	if len(ix.nodes) == 0 {
		ix.nodes = append(ix.nodes, bkNode{key: key, first: i})
		return
	}
	ix.p.set(key)
	n := 0
	for {
		d := ix.p.distance(ix.nodes[n].key)
		if d == 0 {
			return // an earlier candidate has this key and wins ties
		}
		next := -1
		for _, e := range ix.nodes[n].children {
			if e.dist == d {
				next = e.node
				break
			}
		}
		if next < 0 {
			ix.nodes[n].children = append(ix.nodes[n].children, bkEdge{d, len(ix.nodes)})
			ix.nodes = append(ix.nodes, bkNode{key: key, first: i})
			return
		}
		n = next
	}
}

// Nearest is Nearest(s, candidates) for the indexed candidates. An index is not safe for
// concurrent use.
func (ix *Index) Nearest(s string) string {
	return ix.NearestWithin(s, max(2, len(s)/3))
}

// NearestWithin is the candidate nearest to s (the first of equally near ones, compared
// case-insensitively) if it is at most limit edits away; else "".
func (ix *Index) NearestWithin(s string, limit int) string {
	k := memoKey{s, limit}
	best, ok := ix.memo[k]
	if !ok {
		if limit <= 2 {
			best = ix.searchPieces(strings.ToLower(s), limit)
		} else {
			best = ix.search(strings.ToLower(s), limit)
		}
		ix.memo[k] = best
	}
	if best < 0 {
		return ""
	}
	return ix.names[best]
}

func (ix *Index) search(q string, limit int) int {
	if len(ix.nodes) == 0 {
		return -1
	}
	ix.p.set(q)
	// Best first: every node under a child edge of distance e is e from the parent, so it is at
	// least |d - e| from q. Visiting nodes in order of that bound finds near candidates early,
	// and the best distance found so far then prunes the rest.
	if len(ix.queue) < limit+1 {
		ix.queue = make([][]int, limit+1)
	}
	queue := ix.queue[:limit+1]
	for i := range queue {
		queue[i] = queue[i][:0]
	}
	queue[0] = append(queue[0], 0)
	best, bestDist := -1, limit+1
	compared := 0
	for b := 0; b < len(queue) && b <= bestDist && compared < MaxComparisons; {
		if len(queue[b]) == 0 {
			b++
			continue
		}
		n := &ix.nodes[queue[b][len(queue[b])-1]]
		queue[b] = queue[b][:len(queue[b])-1]
		compared++
		d := ix.p.distance(n.key)
		if d < bestDist || d == bestDist && n.first < best {
			best, bestDist = n.first, d
		}
		for _, e := range n.children {
			// equally near candidates still count: the earliest wins
			if lb := abs(d - e.dist); lb <= bestDist && lb <= limit {
				queue[lb] = append(queue[lb], e.node)
				b = min(b, lb)
			}
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// searchPieces is search for limits up to 2, through the partition index.
func (ix *Index) searchPieces(q string, limit int) int {
	if ix.pieces == nil {
		ix.pieces = map[pieceKey][]int{}
		for n, node := range ix.nodes {
			starts, lengths := thirds(len(node.key))
			for i := range 3 {
				k := pieceKey{len(node.key), i, node.key[starts[i] : starts[i]+lengths[i]]}
				ix.pieces[k] = append(ix.pieces[k], n)
			}
		}
	}
	var lists [][]int
	total := 0
	for n := max(0, len(q)-limit); n <= len(q)+limit; n++ {
		starts, lengths := thirds(n)
		for i := range 3 {
			for shift := -limit; shift <= limit; shift++ {
				from := starts[i] + shift
				if from < 0 || from+lengths[i] > len(q) {
					continue
				}
				if l := ix.pieces[pieceKey{n, i, q[from : from+lengths[i]]}]; len(l) > 0 {
					lists = append(lists, l)
					total += len(l)
				}
			}
		}
	}
	// Strings that share most of their text (UUIDs numbered in order, say) all share a piece
	// with q; the tree tells such strings apart well, so it answers instead.
	if total > maxPieceCandidates {
		return ix.search(q, limit)
	}
	ix.p.set(q)
	best, bestDist := -1, limit+1
	for _, l := range lists {
		for _, node := range l {
			nd := &ix.nodes[node]
			if d := ix.p.distance(nd.key); d < bestDist || d == bestDist && nd.first < best {
				best, bestDist = nd.first, d
			}
		}
	}
	return best
}

// MaxComparisons bounds the work of one search in the tree. Strings that are all a few edits
// from each other and from s (UUIDs numbered in order, with s numbered apart) make the tree
// visit every node; beyond this many comparisons the search gives the best candidate found so
// far, or none, so that a file with thousands of such references still takes seconds. Below it
// (any list of up to this many candidates, and the usual searches in longer ones) the answer is
// exactly Nearest's.
const MaxComparisons = 2048

// maxPieceCandidates is how many candidates the partition index compares before it leaves a
// search to the tree.
const maxPieceCandidates = 256
