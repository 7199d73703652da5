// The built-in API resources of Kubernetes v1.36 that offline questions name, so that
// `tenet rbac can-i get po` resolves like kubectl's REST mapper would against a live server:
// plural, singular, short names and `resource.group`; and which resources are cluster-scoped.

export interface ApiResource {
  readonly group: string;
  readonly resource: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
}

// group | plural | singular | short names (comma) | N=namespaced, C=cluster
const TABLE = `
|bindings|binding||N
|componentstatuses|componentstatus|cs|C
|configmaps|configmap|cm|N
|endpoints|endpoints|ep|N
|events|event|ev|N
|limitranges|limitrange|limits|N
|namespaces|namespace|ns|C
|nodes|node|no|C
|persistentvolumeclaims|persistentvolumeclaim|pvc|N
|persistentvolumes|persistentvolume|pv|C
|pods|pod|po|N
|podtemplates|podtemplate||N
|replicationcontrollers|replicationcontroller|rc|N
|resourcequotas|resourcequota|quota|N
|secrets|secret||N
|serviceaccounts|serviceaccount|sa|N
|services|service|svc|N
admissionregistration.k8s.io|mutatingwebhookconfigurations|mutatingwebhookconfiguration||C
admissionregistration.k8s.io|validatingwebhookconfigurations|validatingwebhookconfiguration||C
admissionregistration.k8s.io|validatingadmissionpolicies|validatingadmissionpolicy||C
admissionregistration.k8s.io|validatingadmissionpolicybindings|validatingadmissionpolicybinding||C
admissionregistration.k8s.io|mutatingadmissionpolicies|mutatingadmissionpolicy||C
admissionregistration.k8s.io|mutatingadmissionpolicybindings|mutatingadmissionpolicybinding||C
apiextensions.k8s.io|customresourcedefinitions|customresourcedefinition|crd,crds|C
apiregistration.k8s.io|apiservices|apiservice||C
apps|controllerrevisions|controllerrevision||N
apps|daemonsets|daemonset|ds|N
apps|deployments|deployment|deploy|N
apps|replicasets|replicaset|rs|N
apps|statefulsets|statefulset|sts|N
authentication.k8s.io|selfsubjectreviews|selfsubjectreview||C
authentication.k8s.io|tokenreviews|tokenreview||C
authorization.k8s.io|localsubjectaccessreviews|localsubjectaccessreview||N
authorization.k8s.io|selfsubjectaccessreviews|selfsubjectaccessreview||C
authorization.k8s.io|selfsubjectrulesreviews|selfsubjectrulesreview||C
authorization.k8s.io|subjectaccessreviews|subjectaccessreview||C
autoscaling|horizontalpodautoscalers|horizontalpodautoscaler|hpa|N
batch|cronjobs|cronjob|cj|N
batch|jobs|job||N
certificates.k8s.io|certificatesigningrequests|certificatesigningrequest|csr|C
certificates.k8s.io|clustertrustbundles|clustertrustbundle||C
coordination.k8s.io|leases|lease||N
discovery.k8s.io|endpointslices|endpointslice||N
events.k8s.io|events|event|ev|N
flowcontrol.apiserver.k8s.io|flowschemas|flowschema||C
flowcontrol.apiserver.k8s.io|prioritylevelconfigurations|prioritylevelconfiguration||C
networking.k8s.io|ingressclasses|ingressclass||C
networking.k8s.io|ingresses|ingress|ing|N
networking.k8s.io|ipaddresses|ipaddress||C
networking.k8s.io|networkpolicies|networkpolicy|netpol|N
networking.k8s.io|servicecidrs|servicecidr||C
node.k8s.io|runtimeclasses|runtimeclass||C
policy|poddisruptionbudgets|poddisruptionbudget|pdb|N
rbac.authorization.k8s.io|clusterrolebindings|clusterrolebinding||C
rbac.authorization.k8s.io|clusterroles|clusterrole||C
rbac.authorization.k8s.io|rolebindings|rolebinding||N
rbac.authorization.k8s.io|roles|role||N
resource.k8s.io|deviceclasses|deviceclass||C
resource.k8s.io|resourceclaims|resourceclaim||N
resource.k8s.io|resourceclaimtemplates|resourceclaimtemplate||N
resource.k8s.io|resourceslices|resourceslice||C
scheduling.k8s.io|priorityclasses|priorityclass|pc|C
storage.k8s.io|csidrivers|csidriver||C
storage.k8s.io|csinodes|csinode||C
storage.k8s.io|csistoragecapacities|csistoragecapacity||N
storage.k8s.io|storageclasses|storageclass|sc|C
storage.k8s.io|volumeattachments|volumeattachment||C
storage.k8s.io|volumeattributesclasses|volumeattributesclass|vac|C
`;

export const API_RESOURCES: readonly ApiResource[] = TABLE.trim()
  .split("\n")
  .map((line) => {
    const [group = "", resource = "", singular = "", short = "", scope = ""] = line.split("|");
    return {
      group,
      resource,
      singular,
      shortNames: short === "" ? [] : short.split(","),
      namespaced: scope === "N",
    };
  });

export interface ResolvedResource {
  readonly group: string;
  readonly resource: string;
  /** Undefined when the resource is not a built-in one: scope unknown. */
  readonly known?: ApiResource;
}

/**
 * Resolves `pods`, `po`, `pod`, `deployments.apps`, `deploy`, `*` like kubectl's REST mapper
 * (lower-cased; a group suffix narrows). Unknown names are kept as typed, as kubectl does.
 */
export function resolveResource(text: string): ResolvedResource {
  const arg = text.toLowerCase();
  if (arg === "*") return { group: "", resource: "*" };
  const dot = arg.indexOf(".");
  const name = dot < 0 ? arg : arg.slice(0, dot);
  const group = dot < 0 ? undefined : arg.slice(dot + 1);
  // `deployments.v1.apps`: a version before the group is dropped.
  const cleanGroup = group?.replace(/^v\d+((alpha|beta)\d+)?\./, "");
  const matches = API_RESOURCES.filter(
    (candidate) =>
      (cleanGroup === undefined || candidate.group === cleanGroup) &&
      (candidate.resource === name ||
        candidate.singular === name ||
        candidate.shortNames.includes(name)),
  );
  // The core group wins a tie (`events` is core and events.k8s.io), as the REST mapper orders.
  const known = matches.find((candidate) => candidate.group === "") ?? matches[0];
  if (known !== undefined) return { group: known.group, resource: known.resource, known };
  return { group: cleanGroup ?? "", resource: name };
}
