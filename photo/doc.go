// Package photo reads the photos people send, a concern's or a firearm's,
// and keeps nothing but the picture: [Budget.Strip] decodes a JPEG or PNG,
// turns it the right way up as its EXIF orientation says, and encodes the
// pixels again, so that no GPS position, camera serial, time taken,
// comment, text chunk or thumbnail survives. Its errors are
// *setsafe.Error values naming the form or API field the photo came in.
//
// A photo's file size does not tell what reading it takes: a 0.5 MB PNG
// can hold 7000×7000 pixels of 16-bit colour, 392 MB once decoded. So
// Strip first reads the photo's header (image.DecodeConfig, and the few
// things it does not say: a PNG's interlacing and transparency, a JPEG's
// sampling, progressive scans and orientation) and works out the memory
// that decoding, turning and encoding it again will allocate. A photo
// that would take more than [Limits].Photo is refused before a pixel is
// decoded. The others are read within a [Budget] the server shares: at
// most [Limits].Readers at once (a core stays free for everything else)
// and [Limits].Server bytes in all, the smallest photo first; a photo
// that cannot have its turn within [Limits].Wait, or while its request
// lasts, is answered that the server is busy, never queued without end.
//
// The budget's figures, and why a phone's 48-megapixel photo fits them,
// are at [PhotoMemory] and [DefaultLimits]; docs/operations.md lists them
// for operators, and docs/performance.md measures a server under a flood
// of huge photos.
package photo
