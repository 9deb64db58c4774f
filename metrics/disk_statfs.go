//go:build linux || darwin || freebsd

package metrics

import "golang.org/x/sys/unix"

// diskSpace returns the space left to unprivileged users and the size of
// the file system holding dir, in bytes; ok is false where the system
// cannot tell.
func diskSpace(dir string) (free, size uint64, ok bool, err error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, 0, false, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), uint64(st.Blocks) * uint64(st.Bsize), true, nil
}
