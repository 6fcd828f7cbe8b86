// The PR's own image repository, for teams that build an image per PR. Images are scanned on push,
// and the repository is deleted with the stack even while it still holds images.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedNames } from "../../src/core/naming.ts";
import type { StackContext } from "../context.ts";

export interface RegistryArgs {
  readonly context: StackContext;
}

/** Keeps storage (and the scan bill) small: previews need the last few builds, not every push. */
const LIFECYCLE_POLICY = {
  rules: [
    {
      rulePriority: 1,
      description: "Drop untagged images after a day",
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
      action: { type: "expire" },
    },
    {
      rulePriority: 2,
      description: "Keep the 20 most recent images",
      selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 },
      action: { type: "expire" },
    },
  ],
};

export class Registry extends pulumi.ComponentResource {
  readonly repositoryUrl: pulumi.Output<string>;
  readonly repositoryArn: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prenv:registry:Registry", name, {}, opts);
    const ctx = args.context;
    const repository = new aws.ecr.Repository(
      "images",
      {
        name: checkedNames.repository(ctx.config.identity),
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: "MUTABLE",
        forceDelete: true,
        tags: ctx.tags("images"),
      },
      { parent: this },
    );
    new aws.ecr.LifecyclePolicy(
      "images",
      { repository: repository.name, policy: JSON.stringify(LIFECYCLE_POLICY) },
      { parent: this },
    );
    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;
    this.registerOutputs({ repositoryUrl: this.repositoryUrl });
  }
}
