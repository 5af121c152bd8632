// Negative (coredns's etcd tests): the package declares its own delete, a
// cleanup helper that undoes what each iteration set up; deferring it to the
// function's return is the intent, as for any package function.
package package_helper_shadowing_builtin_quiet

type store map[string]string

func delete(s store, key string) { s[key] = "" }

func Fill(s store, keys []string, check func()) {
	for _, k := range keys {
		s[k] = "x"
		defer delete(s, k)
	}
	check()
}
