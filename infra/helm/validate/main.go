// Command validate checks rendered Kubernetes manifests strictly, the way an API server would
// refuse them: each object of a known built-in kind is decoded into its k8s.io/api type with
// unknown and duplicate fields as errors; a KEDA ScaledObject is checked against the OpenAPI
// schema of KEDA's own CRD, and its Kafka triggers' metadata against the keys KEDA's Kafka
// scaler reads. Any other kind is an error, so nothing passes unchecked by accident.
//
// Usage: helm template ... | validate -keda <dir of the github.com/kedacore/keda/v2 module>
// Prints one line per object and exits 1 if any object is invalid.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

func main() {
	kedaDir := flag.String("keda", "", "directory of the github.com/kedacore/keda/v2 module (its CRDs and Kafka scaler)")
	metadataOnly := flag.String("metadata-only", "", "comma-separated apiVersion/Kind list of custom kinds without a schema here: only their metadata is checked, and the output says so")
	flag.Parse()
	if *kedaDir == "" {
		fmt.Fprintln(os.Stderr, "validate: -keda is required")
		os.Exit(2)
	}
	scaledObjectSchema, err := loadCRDSchema(filepath.Join(*kedaDir, "config", "crd", "bases", "keda.sh_scaledobjects.yaml"), "v1alpha1")
	if err != nil {
		fail(err)
	}
	kafkaKeys, err := loadScalerKeys(filepath.Join(*kedaDir, "pkg", "scalers", "kafka_scaler.go"))
	if err != nil {
		fail(err)
	}
	documents, err := splitDocuments(os.Stdin)
	if err != nil {
		fail(err)
	}
	invalid := 0
	for _, document := range documents {
		name, problems := validateDocument(document, scaledObjectSchema, kafkaKeys, strings.Split(*metadataOnly, ","))
		if len(problems) == 0 {
			fmt.Printf("ok %s\n", name)
			continue
		}
		invalid++
		for _, problem := range problems {
			fmt.Printf("invalid %s: %s\n", name, problem)
		}
	}
	fmt.Printf("%d objects, %d invalid\n", len(documents), invalid)
	if invalid > 0 || len(documents) == 0 {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "validate: %v\n", err)
	os.Exit(2)
}

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

func validateDocument(document []byte, scaledObjectSchema *schema, kafkaKeys scalerKeys, metadataOnly []string) (string, []string) {
	var meta typeMeta
	if err := yaml.Unmarshal(document, &meta); err != nil {
		return "?", []string{err.Error()}
	}
	name := fmt.Sprintf("%s %s/%s", meta.APIVersion, meta.Kind, meta.Metadata.Name)
	gvk := meta.APIVersion + "/" + meta.Kind
	if gvk == "keda.sh/v1alpha1/ScaledObject" {
		return name, validateScaledObject(document, scaledObjectSchema, kafkaKeys)
	}
	if contains(metadataOnly, gvk) {
		object, err := decodeJSON(document)
		if err != nil {
			return name, []string{err.Error()}
		}
		return name + " (metadata only: no schema for its spec here)", validateMetadata(object)
	}
	newObject, known := builtinKinds[gvk]
	if !known {
		return name, []string{"no schema for this kind here, so it cannot be validated"}
	}
	return name, decodeStrict(document, newObject())
}

// decodeStrict decodes like the API server: field names match case-sensitively (unlike
// encoding/json), and unknown or duplicate fields are errors.
func decodeStrict(document []byte, into any) []string {
	asJSON, err := yaml.YAMLToJSONStrict(document)
	if err != nil {
		return []string{err.Error()}
	}
	strictErrors, err := kjson.UnmarshalStrict(asJSON, into)
	if err != nil {
		return []string{err.Error()}
	}
	problems := make([]string, 0, len(strictErrors))
	for _, strictError := range strictErrors {
		problems = append(problems, strictError.Error())
	}
	return problems
}

// splitDocuments cuts a multi-document YAML stream at "---" lines and drops empty documents.
func splitDocuments(input io.Reader) ([][]byte, error) {
	var documents [][]byte
	var current bytes.Buffer
	flush := func() {
		var probe map[string]any
		if err := yaml.Unmarshal(current.Bytes(), &probe); err == nil && len(probe) > 0 {
			documents = append(documents, append([]byte(nil), current.Bytes()...))
		}
		current.Reset()
	}
	scanner := bufio.NewScanner(input)
	scanner.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for scanner.Scan() {
		line := scanner.Text()
		if strings.TrimRight(line, " ") == "---" {
			flush()
			continue
		}
		current.WriteString(line)
		current.WriteByte('\n')
	}
	if err := scanner.Err(); err != nil {
		return nil, errors.Join(errors.New("reading the manifests"), err)
	}
	flush()
	return documents, nil
}
