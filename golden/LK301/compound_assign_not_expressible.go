// golden-args: --preview --unsafe-fixes
package compound_assign_not_expressible

var totals = make(map[string]float64) // want LK301

func Add(k string, x float64) float64 {
	if _, ok := totals[k]; !ok {
		totals[k] = 0
	}
	totals[k] += x
	v, _ := totals[k]
	return v
}
