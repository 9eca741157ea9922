// Package page is the simulator's web page and the agent desktop's, embedded in the binary: plain
// HTML, CSS and JavaScript with no framework and nothing loaded from elsewhere, so the page works
// offline and weighs little (see the size test). The server (package serve) serves it; the
// scripts talk to the server's JSON API only.
package page

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var files embed.FS

// FS is the page's files.
func FS() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed pattern above names the folder: a build without it can't happen
	}
	return sub
}

// Size is the total size in bytes of the embedded files, before compression.
func Size() int64 {
	var n int64
	_ = fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// CSP is the Content-Security-Policy of the pages: everything from the server itself, images
// also from data: URLs; frames from the origins given (the desktop's plugins) and nowhere else,
// and images from them too (the picture a MAX plugin gives a contact card).
func CSP(frameOrigins ...string) string {
	frames, images := "'none'", "'self' data:"
	if len(frameOrigins) > 0 {
		frames = strings.Join(frameOrigins, " ")
		images += " " + frames
	}
	return "default-src 'self'; img-src " + images + "; style-src 'self'; script-src 'self'; connect-src 'self'; " +
		"frame-src " + frames + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
}

// ServeHTML serves one of the pages with the policy; frames lists the origins it may frame.
func ServeHTML(w http.ResponseWriter, name string, frames ...string) {
	data, err := fs.ReadFile(FS(), name)
	if err != nil {
		http.Error(w, "no page "+name, http.StatusNotFound)
		return
	}
	var origins []string
	for _, f := range frames {
		if f != "" {
			origins = append(origins, f)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", CSP(origins...))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
}

// Handler serves the page's static files (scripts, styles) by name.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		data, err := fs.ReadFile(FS(), name)
		if err != nil || strings.HasSuffix(name, ".html") {
			http.Error(w, "no file "+name, http.StatusNotFound)
			return
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(data)
	})
}
