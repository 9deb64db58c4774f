package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"slices"
)

// checkStripped returns what is wrong with a stripped photo: it must be a
// well-formed JPEG or PNG of the given media type that holds nothing but
// the picture, and decode.
func checkStripped(contentType string, out []byte) error {
	var err error
	switch contentType {
	case "image/jpeg":
		err = checkJPEG(out)
	case "image/png":
		err = checkPNG(out)
	default:
		err = fmt.Errorf("media type %q", contentType)
	}
	if err != nil {
		return err
	}
	if _, _, err := image.Decode(bytes.NewReader(out)); err != nil {
		return fmt.Errorf("does not decode: %v", err)
	}
	return nil
}

// checkJPEG checks a JPEG's structure: SOI; only tables, the frame header
// and the scan header before the scan (no APPn segment, which holds EXIF,
// XMP, ICC profiles and IPTC, and no comment); then entropy-coded data in
// which no marker but a restart occurs, and EOI at the very end.
func checkJPEG(data []byte) error {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return fmt.Errorf("no SOI")
	}
	allowed := []byte{0xc0, 0xc4, 0xdb, 0xdd} // SOF0, DHT, DQT, DRI
	i := 2
	for {
		if i+4 > len(data) || data[i] != 0xff {
			return fmt.Errorf("no segment at byte %d", i)
		}
		marker, n := data[i+1], int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return fmt.Errorf("segment %#x at byte %d runs past the end", marker, i)
		}
		i += 2 + n
		if marker == 0xda {
			break
		}
		if !slices.Contains(allowed, marker) {
			return fmt.Errorf("segment %#x kept", marker)
		}
	}
	if !bytes.HasSuffix(data, []byte{0xff, 0xd9}) {
		return fmt.Errorf("no EOI at the end")
	}
	scan := data[i : len(data)-2]
	for k := 0; k+1 < len(scan); k++ {
		if scan[k] == 0xff && scan[k+1] != 0 && (scan[k+1] < 0xd0 || scan[k+1] > 0xd7) {
			return fmt.Errorf("marker %#x in the scan", scan[k+1])
		}
	}
	return nil
}

// checkPNG checks a PNG's structure: the signature, then chunks of the
// right length and CRC, IHDR first and IEND last, and nothing but the
// picture (IHDR, PLTE, tRNS, IDAT, IEND): no text, EXIF, time, ICC
// profile or other ancillary chunk.
func checkPNG(data []byte) error {
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		return fmt.Errorf("no PNG signature")
	}
	var names []string
	for i := 8; i < len(data); {
		if i+12 > len(data) {
			return fmt.Errorf("chunk at byte %d cut short", i)
		}
		n := int(binary.BigEndian.Uint32(data[i:]))
		if n > len(data)-i-12 {
			return fmt.Errorf("chunk at byte %d runs past the end", i)
		}
		name := string(data[i+4 : i+8])
		if crc32.ChecksumIEEE(data[i+4:i+8+n]) != binary.BigEndian.Uint32(data[i+8+n:]) {
			return fmt.Errorf("chunk %s: wrong CRC", name)
		}
		if !slices.Contains([]string{"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}, name) {
			return fmt.Errorf("chunk %s kept", name)
		}
		names = append(names, name)
		i += 12 + n
	}
	if len(names) < 3 || names[0] != "IHDR" || names[len(names)-1] != "IEND" || slices.Index(names, "IEND") != len(names)-1 {
		return fmt.Errorf("chunks %v", names)
	}
	return nil
}
