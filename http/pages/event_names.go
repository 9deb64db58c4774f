package pages

import "github.com/setsafe/setsafe"

// eventName returns what an event type means in plain English words, such
// as "Handed over" for "firearm.handed_over", as the domain names it. Pages
// translate the result with the catalogue; the Spanish is in
// locales/es/timeline.json.
func eventName(eventType string) string { return setsafe.EventName(eventType) }
