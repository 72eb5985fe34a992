package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

type schema = apiextensionsv1.JSONSchemaProps

// loadCRDSchema reads the OpenAPI v3 schema of one served version of a CustomResourceDefinition.
func loadCRDSchema(path, version string) (*schema, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(raw, &crd); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, served := range crd.Spec.Versions {
		if served.Name == version && served.Schema != nil && served.Schema.OpenAPIV3Schema != nil {
			return served.Schema.OpenAPIV3Schema, nil
		}
	}
	return nil, fmt.Errorf("%s has no schema for version %s", path, version)
}

// validateAgainst checks a decoded JSON value against a structural CRD schema the way the API
// server's pruning and validation would: unknown fields, types, required fields, enums, bounds.
// CEL rules (x-kubernetes-validations) are not evaluated.
func validateAgainst(path string, value any, s *schema) []string {
	if value == nil {
		if s.Nullable {
			return nil
		}
		return []string{path + ": must not be null"}
	}
	if s.XIntOrString {
		switch value.(type) {
		case json.Number, string:
			return nil
		}
		return []string{path + ": must be an integer or a string"}
	}
	if len(s.AnyOf) > 0 && s.Type == "" {
		for index := range s.AnyOf {
			if len(validateAgainst(path, value, &s.AnyOf[index])) == 0 {
				return nil
			}
		}
		return []string{path + ": matches none of the allowed shapes"}
	}
	var problems []string
	switch s.Type {
	case "object":
		object, ok := value.(map[string]any)
		if !ok {
			return []string{path + ": must be an object"}
		}
		for _, required := range s.Required {
			if _, present := object[required]; !present {
				problems = append(problems, fmt.Sprintf("%s.%s: required", path, required))
			}
		}
		keys := make([]string, 0, len(object))
		for key := range object {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			child := path + "." + key
			if property, known := s.Properties[key]; known {
				problems = append(problems, validateAgainst(child, object[key], &property)...)
			} else if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
				problems = append(problems, validateAgainst(child, object[key], s.AdditionalProperties.Schema)...)
			} else if !(s.AdditionalProperties != nil && s.AdditionalProperties.Allows) && !preservesUnknown(s) {
				problems = append(problems, child+": unknown field")
			}
		}
	case "array":
		list, ok := value.([]any)
		if !ok {
			return []string{path + ": must be a list"}
		}
		if s.MinItems != nil && int64(len(list)) < *s.MinItems {
			problems = append(problems, fmt.Sprintf("%s: needs at least %d items", path, *s.MinItems))
		}
		if s.Items != nil && s.Items.Schema != nil {
			for index, item := range list {
				problems = append(problems, validateAgainst(fmt.Sprintf("%s[%d]", path, index), item, s.Items.Schema)...)
			}
		}
	case "string":
		if _, ok := value.(string); !ok {
			return []string{path + ": must be a string"}
		}
	case "integer", "number":
		number, ok := value.(json.Number)
		if !ok {
			return []string{path + ": must be a number"}
		}
		parsed, err := number.Float64()
		if err != nil || (s.Type == "integer" && strings.ContainsAny(number.String(), ".eE")) {
			return []string{path + ": must be an integer"}
		}
		if s.Minimum != nil && parsed < *s.Minimum {
			problems = append(problems, fmt.Sprintf("%s: below the minimum %v", path, *s.Minimum))
		}
		if s.Maximum != nil && parsed > *s.Maximum {
			problems = append(problems, fmt.Sprintf("%s: above the maximum %v", path, *s.Maximum))
		}
	case "boolean":
		if _, ok := value.(bool); !ok {
			return []string{path + ": must be true or false"}
		}
	}
	if len(s.Enum) > 0 {
		encoded, _ := json.Marshal(value)
		allowed := false
		for _, option := range s.Enum {
			if bytes.Equal(bytes.TrimSpace(option.Raw), encoded) {
				allowed = true
			}
		}
		if !allowed {
			problems = append(problems, fmt.Sprintf("%s: %s is not one of the allowed values", path, encoded))
		}
	}
	return problems
}

func preservesUnknown(s *schema) bool {
	return s.XPreserveUnknownFields != nil && *s.XPreserveUnknownFields
}

// decodeJSON turns a YAML document into plain JSON values, numbers kept exact.
func decodeJSON(document []byte) (map[string]any, error) {
	asJSON, err := yaml.YAMLToJSONStrict(document)
	if err != nil {
		return nil, err
	}
	decoder := json.NewDecoder(bytes.NewReader(asJSON))
	decoder.UseNumber()
	var object map[string]any
	return object, decoder.Decode(&object)
}

// A custom resource's metadata is not described by its CRD schema; it is an ObjectMeta.
func validateMetadata(object map[string]any) []string {
	raw, err := json.Marshal(object["metadata"])
	if err != nil {
		return []string{err.Error()}
	}
	problems := decodeStrict(raw, &metav1.ObjectMeta{})
	for index := range problems {
		problems[index] = "metadata: " + problems[index]
	}
	return problems
}

func validateScaledObject(document []byte, crdSchema *schema, kafkaKeys scalerKeys) []string {
	object, err := decodeJSON(document)
	if err != nil {
		return []string{err.Error()}
	}
	withoutMetadata := make(map[string]any, len(object))
	for key, value := range object {
		if key != "metadata" {
			withoutMetadata[key] = value
		}
	}
	problems := append(validateMetadata(object), validateAgainst("", withoutMetadata, crdSchema)...)
	spec, _ := object["spec"].(map[string]any)
	triggers, _ := spec["triggers"].([]any)
	for index, trigger := range triggers {
		fields, _ := trigger.(map[string]any)
		if fields["type"] != "kafka" {
			continue
		}
		metadata, _ := fields["metadata"].(map[string]any)
		problems = append(problems, kafkaKeys.check(fmt.Sprintf(".spec.triggers[%d].metadata", index), metadata)...)
	}
	return problems
}

// scalerKeys are the trigger-metadata keys a KEDA scaler reads, from its `keda:"name=..."` tags.
type scalerKeys map[string]scalerKey

type scalerKey struct {
	required bool
	enum     []string
}

var kedaTag = regexp.MustCompile("keda:\"([^\"]+)\"")

func loadScalerKeys(path string) (scalerKeys, error) {
	source, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys := scalerKeys{}
	for _, match := range kedaTag.FindAllStringSubmatch(string(source), -1) {
		var name, order string
		key := scalerKey{required: true}
		for _, part := range strings.Split(match[1], ",") {
			field, value, _ := strings.Cut(part, "=")
			switch field {
			case "name":
				name = value
			case "order":
				order = value
			case "optional", "default":
				key.required = false
			case "enum":
				key.enum = strings.Split(value, ";")
			}
		}
		if strings.Contains(order, "triggerMetadata") {
			// A key that may also come from an environment variable or auth parameters is not required here.
			key.required = key.required && order == "triggerMetadata"
			keys[name] = key
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no trigger metadata keys found", path)
	}
	return keys, nil
}

func (keys scalerKeys) check(path string, metadata map[string]any) []string {
	var problems []string
	for name, value := range metadata {
		key, known := keys[name]
		if !known {
			problems = append(problems, fmt.Sprintf("%s.%s: not a key the Kafka scaler reads", path, name))
			continue
		}
		text, _ := value.(string)
		if len(key.enum) > 0 && !contains(key.enum, text) {
			problems = append(problems, fmt.Sprintf("%s.%s: %q is not one of %v", path, name, text, key.enum))
		}
	}
	for name, key := range keys {
		if _, present := metadata[name]; key.required && !present {
			problems = append(problems, fmt.Sprintf("%s.%s: required", path, name))
		}
	}
	sort.Strings(problems)
	return problems
}

func contains(list []string, value string) bool {
	for _, candidate := range list {
		if candidate == value {
			return true
		}
	}
	return false
}
