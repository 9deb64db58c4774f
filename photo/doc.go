// Package photo reads the photos people send, a concern's or a firearm's,
// and keeps nothing but the picture: it decodes a JPEG or PNG, turns it the
// right way up as its EXIF orientation says, and encodes the pixels again,
// so that no GPS position, camera serial, time taken, comment or thumbnail
// survives.
package photo
