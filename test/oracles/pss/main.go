// Command pss-oracle evaluates pods with the Kubernetes pod-security-admission policy package,
// the reference implementation of the Pod Security Standards, so that Tenet's controls can be
// compared with it check by check.
//
// stdin:  a JSON array of {"version": "latest" | "v1.x", "pod": <a v1 Pod>}
// stdout: a JSON array, one object per input: check ID -> "pass" | "fail" | "skip".
//
// "skip" means the check does not exist yet at the requested version.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type input struct {
	Version string     `json:"version"`
	Pod     corev1.Pod `json:"pod"`
}

func main() {
	var inputs []input
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		fmt.Fprintf(os.Stderr, "pss-oracle: reading stdin: %v\n", err)
		os.Exit(2)
	}
	checks := policy.DefaultChecks()
	outputs := make([]map[string]string, 0, len(inputs))
	for index, in := range inputs {
		version, err := api.ParseVersion(in.Version)
		if err != nil {
			fmt.Fprintf(os.Stderr, "pss-oracle: input %d: version %q: %v\n", index, in.Version, err)
			os.Exit(2)
		}
		verdicts := map[string]string{}
		for _, check := range checks {
			// The newest variant whose minimum version the requested version reaches.
			var chosen *policy.VersionedCheck
			for i := range check.Versions {
				if version.Latest() || !version.Older(check.Versions[i].MinimumVersion) {
					chosen = &check.Versions[i]
				}
			}
			switch {
			case chosen == nil:
				verdicts[string(check.ID)] = "skip"
			case chosen.CheckPod(&in.Pod.ObjectMeta, &in.Pod.Spec).Allowed:
				verdicts[string(check.ID)] = "pass"
			default:
				verdicts[string(check.ID)] = "fail"
			}
		}
		outputs = append(outputs, verdicts)
	}
	if err := json.NewEncoder(os.Stdout).Encode(outputs); err != nil {
		fmt.Fprintf(os.Stderr, "pss-oracle: writing stdout: %v\n", err)
		os.Exit(2)
	}
}
